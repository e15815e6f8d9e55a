"""Delivery channels of scheduled reports: email (SMTP), Slack incoming webhooks, signed webhooks."""
