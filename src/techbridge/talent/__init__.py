"""人才库: experts and technology managers, credentials, expert finding, contact access log."""
