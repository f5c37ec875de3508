"""The package-by-feature contract catches the imports it exists to forbid (run on a small scratch package)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CONFIG = """
[importlinter]
root_package = shop
include_external_packages = True
contract_types =
    feature_privacy: tests.architecture.feature_contract.FeaturePrivacyContract

[importlinter:contract:features]
name = features
type = feature_privacy
root = shop
infrastructure =
    kernel
    storage
    web
private =
    tables
    repository
    api
    pages
web =
    api
    pages
domain =
    model
    rules
wiring =
    bootstrap
read_side =
    insight
readable =
    tables
knows_no_feature =
    kernel
    storage
web_may_import =
    accounts.model

[importlinter:contract:frameworks]
name = frameworks
type = forbidden
source_modules =
    shop.kernel
    shop.*.model
forbidden_modules =
    sqlalchemy
"""

CLEAN = {
    "shop/__init__.py": "",
    "shop/bootstrap.py": "import shop.orders.tables\nimport shop.orders.api\n",
    "shop/kernel/__init__.py": "",
    "shop/kernel/money.py": "",
    "shop/storage/__init__.py": "",
    "shop/storage/db.py": "",
    "shop/web/__init__.py": "",
    "shop/web/app.py": "import shop.accounts.model\n",
    "shop/accounts/__init__.py": "",
    "shop/accounts/model.py": "import shop.kernel.money\n",
    "shop/accounts/service.py": "import shop.accounts.repository\n",
    "shop/accounts/repository.py": "import shop.accounts.tables\n",
    "shop/accounts/tables.py": "import shop.accounts.model\nimport shop.storage.db\n",
    "shop/orders/__init__.py": "",
    "shop/orders/model.py": "import shop.orders.rules\n",
    "shop/orders/rules.py": "",
    "shop/orders/service.py": "import shop.orders.repository\nimport shop.accounts.service\n",
    "shop/orders/repository.py": "import shop.orders.tables\n",
    "shop/orders/tables.py": "import shop.orders.model\n",
    "shop/orders/api.py": "import shop.orders.service\n",
    "shop/orders/pages.py": "import shop.orders.service\nimport shop.orders.api\n",
    "shop/insight/__init__.py": "",
    "shop/insight/service.py": "import shop.orders.tables\n",
}


def lint(tmp_path: Path, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    for name, body in {**CLEAN, **extra}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    (tmp_path / ".importlinter").write_text(textwrap.dedent(CONFIG))
    (tmp_path / "sqlalchemy.py").write_text("")
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": str(Path(sys.executable).parent)}
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_clean_feature_layout_keeps_both_contracts(tmp_path: Path) -> None:
    result = lint(tmp_path, {})
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "body", "message"),
    [
        ("shop/accounts/service.py", "import shop.orders.repository\n", "private to shop.orders"),
        ("shop/accounts/service.py", "import shop.orders.tables\n", "private to shop.orders"),
        ("shop/accounts/service.py", "import shop.orders.pages\n", "private to shop.orders"),
        ("shop/orders/service.py", "import shop.orders.api\n", "only the web layer imports pages/api"),
        ("shop/orders/rules.py", "import shop.orders.service\n", "depend on nothing above them"),
        ("shop/kernel/money.py", "import shop.orders.model\n", "knows no feature"),
        ("shop/storage/db.py", "import shop.accounts.tables\n", "knows no feature"),
        ("shop/orders/model.py", "import sqlalchemy\n", "frameworks BROKEN"),
        ("shop/refunds/__init__.py", "import shop.orders.repository\n", "private to shop.orders"),
    ],
    ids=["repository", "tables", "pages", "service-imports-api", "rules-import-service", "kernel", "storage",
         "framework-in-model", "a-new-feature-is-covered"],
)
def test_a_forbidden_import_breaks_the_contract(tmp_path: Path, module: str, body: str, message: str) -> None:
    extra = {module: CLEAN.get(module, "") + body}
    if module.startswith("shop/refunds/"):
        extra["shop/refunds/service.py"] = ""
    result = lint(tmp_path, extra)
    assert result.returncode != 0
    assert message in " ".join(result.stdout.split()), result.stdout
