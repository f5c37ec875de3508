"""The architecture document names every package, and every feature the wiring knows has its folder."""

from pathlib import Path

from techbridge.bootstrap import FEATURES

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
PACKAGES = sorted(p.parent.name for p in (ROOT / "src" / "techbridge").glob("*/__init__.py"))


def test_every_package_is_described_in_the_architecture_tree():
    for name in PACKAGES:
        assert f"\n  {name}/" in DOC, f"src/techbridge/{name}/ is missing from docs/ARCHITECTURE.md"


def test_every_feature_in_the_wiring_is_a_package_with_a_docstring():
    for name in FEATURES:
        init = ROOT / "src" / "techbridge" / name / "__init__.py"
        assert init.exists(), f"FEATURES names {name}, which has no package"
        assert init.read_text(encoding="utf-8").startswith('"""'), f"{name}/__init__.py says nothing of what it holds"


def test_every_feature_package_is_wired():
    infrastructure = {"kernel", "storage", "web", "cli", "demo"}
    assert set(PACKAGES) - infrastructure == set(FEATURES)
