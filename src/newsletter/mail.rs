//! The `.eml` message: `multipart/alternative` with the plain text first
//! and the HTML second (RFC 2046: the richest last), UTF-8, the Subject
//! and display names encoded as RFC 2047 words when they are not ASCII,
//! and `List-Unsubscribe` (RFC 2369). MIME and header encoding are
//! `mail-builder`'s.

use chrono::{DateTime, FixedOffset};
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::url::URL;

use crate::config::Mailbox;

/// What the message is made of.
pub struct Parts<'a> {
    pub from: &'a Mailbox,
    pub reply_to: Option<&'a Mailbox>,
    pub subject: &'a str,
    /// An `https://` or `mailto:` URL.
    pub unsubscribe: &'a str,
    pub date: DateTime<FixedOffset>,
    /// Without the angle brackets.
    pub id: &'a str,
    pub text: &'a str,
    pub html: &'a str,
}

fn address(m: &Mailbox) -> Address<'_> {
    Address::new_address(m.name.as_deref(), m.address.as_str())
}

/// The message, CRLF line ends. No `To:`: the mail tool or service that
/// sends it addresses it to the list.
pub fn message(parts: &Parts) -> Vec<u8> {
    let mut builder = MessageBuilder::new()
        .from(address(parts.from))
        .subject(parts.subject)
        .date(parts.date.timestamp())
        .message_id(parts.id)
        .header("List-Unsubscribe", URL::new(parts.unsubscribe))
        .text_body(parts.text)
        .html_body(parts.html);
    if let Some(reply_to) = parts.reply_to {
        builder = builder.reply_to(address(reply_to));
    }
    builder.write_to_vec().unwrap_or_default()
}
