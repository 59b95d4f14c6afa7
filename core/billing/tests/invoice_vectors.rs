//! Runs testdata/vectors/billing_invoices.json: totals and the status machine.
use medcore_billing::{CreditNote, Decimal, Invoice, Payment, PaymentMethod, Refund};
use serde_json::Value;
use std::str::FromStr;

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("string amount")).expect("decimal")
}

fn load() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/vectors/billing_invoices.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn invoice_totals() {
    let v = load();
    for case in v["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let inv: Invoice = serde_json::from_value(case["invoice"].clone()).unwrap();
        let t = inv.totals().unwrap();
        let e = &case["expected"];
        assert_eq!(t.subtotal, dec(&e["subtotal"]), "{name} subtotal");
        assert_eq!(t.discount, dec(&e["discount"]), "{name} discount");
        assert_eq!(t.net, dec(&e["net"]), "{name} net");
        assert_eq!(t.tax, dec(&e["tax"]), "{name} tax");
        assert_eq!(t.total, dec(&e["total"]), "{name} total");
        assert_eq!(
            t.total,
            t.lines.iter().map(|l| l.total).sum::<Decimal>(),
            "{name} sum of lines"
        );
        for (field, get) in [
            (
                "line_gross",
                (|l: &medcore_billing::LineTotals| l.gross) as fn(&_) -> Decimal,
            ),
            ("line_net", |l| l.net),
            ("line_tax", |l| l.tax),
            ("line_total", |l| l.total),
        ] {
            if let Some(want) = e[field].as_array() {
                let got: Vec<Decimal> = t.lines.iter().map(get).collect();
                let want: Vec<Decimal> = want.iter().map(dec).collect();
                assert_eq!(got, want, "{name} {field}");
            }
        }
    }
}

#[test]
fn invoice_transitions() {
    let v = load();
    let tr = &v["transitions"];
    let case = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["invoice"]["id"] == tr["invoice"])
        .unwrap();
    let mut inv: Invoice = serde_json::from_value(case["invoice"].clone()).unwrap();
    for (i, step) in tr["steps"].as_array().unwrap().iter().enumerate() {
        let method = || -> PaymentMethod {
            serde_json::from_value(step["method"].clone()).unwrap_or(PaymentMethod::Cash)
        };
        let id = format!("s{i}");
        let r = match step["action"].as_str().unwrap() {
            "issue" => inv.issue(),
            "pay" => inv.record_payment(Payment {
                id,
                amount: dec(&step["amount"]),
                method: method(),
                reference: None,
            }),
            "credit" => inv.credit(CreditNote {
                id,
                amount: dec(&step["amount"]),
                reason: String::new(),
            }),
            "refund" => inv.refund(Refund {
                id,
                amount: dec(&step["amount"]),
                method: method(),
                reason: String::new(),
            }),
            "void" => inv.void().and_then(|_| inv.totals()),
            other => panic!("unknown action {other}"),
        };
        match (&r, step["error"].as_str()) {
            (Err(e), Some(code)) => assert_eq!(e.code(), code, "step {i}"),
            (Ok(t), None) => {
                assert_eq!(
                    inv.status.as_str(),
                    step["status"].as_str().unwrap(),
                    "step {i}"
                );
                assert_eq!(t.balance, dec(&step["balance"]), "step {i}");
            }
            _ => panic!("step {i}: unexpected {r:?}"),
        }
    }
}
