"""In-app notifications, the e-mail outbox and SMTP delivery."""
