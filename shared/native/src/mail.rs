//! The `Mailer` port on lettre: SMTP with STARTTLS, implicit TLS, or plain
//! (for a local relay), over rustls.

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use preloop_core::ports::{Mail, Mailer, SmtpServer};
use std::time::Duration;

#[derive(Clone, Default)]
pub struct SmtpMailer;

#[async_trait(?Send)]
impl Mailer for SmtpMailer {
    async fn send(&self, server: &SmtpServer, mail: &Mail) -> Result<(), String> {
        let builder = match server.security.as_str() {
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&server.host)
                .map_err(|e| format!("TLS setup: {e}"))?,
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&server.host),
            _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&server.host)
                .map_err(|e| format!("TLS setup: {e}"))?,
        };
        let mut builder = builder
            .port(server.port)
            .timeout(Some(Duration::from_secs(15)));
        if let (Some(user), Some(password)) = (&server.username, &server.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let transport = builder.build();
        let mut message = Message::builder()
            .from(
                mail.from
                    .parse()
                    .map_err(|e| format!("from address: {e}"))?,
            )
            .subject(mail.subject.clone());
        for to in &mail.to {
            message = message.to(to.parse().map_err(|e| format!("to address: {e}"))?);
        }
        let message = message
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())
            .map_err(|e| format!("message: {e}"))?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
