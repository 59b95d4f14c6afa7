//! Messages that own their text, for callers that keep a parsed message beyond the lifetime of
//! its input (host-language handles, caches, queues).

use crate::message::Message;
use std::borrow::Cow;

impl Message<'_> {
    /// This message with its text copied into an owned buffer, so that it no longer borrows the
    /// input. The tree of offsets is kept as it is: nothing is parsed again.
    pub fn into_owned(self) -> Message<'static> {
        Message {
            text: Cow::Owned(self.text.into_owned()),
            delimiters: self.delimiters,
            tree: Cow::Owned(self.tree.into_owned()),
            warnings: self.warnings,
            charset: self.charset,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn owned_message_outlives_its_input() {
        let owned = {
            let input =
                b"MSH|^~\\&|LAB||EHR||202401011200||ORU^R01|42|P|2.5\rPID|1||123||Doe^Jane\r"
                    .to_vec();
            crate::parse(&input).unwrap().into_owned()
        };
        assert_eq!(owned.get("PID-5-2").unwrap().as_deref(), Some("Jane"));
        assert_eq!(owned.control_id(), Some("42"));
    }
}
