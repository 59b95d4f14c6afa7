//! A message made independent of its input buffer reads the same as the borrowed one.

#[test]
fn owned_message_outlives_its_input_and_reads_the_same() {
    let owned = {
        let input =
            b"MSH|^~\\&|LAB||EHR||202401011200||ORU^R01|42|P|2.5\nPID|1||123^^^H^MR||Doe^Jane\n"
                .to_vec();
        let msg = medcore_hl7::parse(&input).unwrap();
        let expected = msg.to_json();
        let owned = msg.into_owned();
        assert_eq!(owned.to_json(), expected);
        owned
    };
    assert_eq!(owned.get("PID-5-2").unwrap().as_deref(), Some("Jane"));
    assert_eq!(owned.control_id(), Some("42"));
    let codes: Vec<&str> = owned.warnings().iter().map(|w| w.code).collect();
    assert_eq!(codes, ["HL7_WARN_LINE_ENDING"]);
}
