"""An import-linter contract type for package-by-feature: each feature keeps its storage and web modules to itself.

Every direct child package of the root that is not named in `infrastructure` is a feature, so a new
feature is covered the moment its folder exists. For each feature:
- its `private` modules (storage and web: tables, repository, api*, pages*) are imported only by the
  feature itself and by `wiring` (the one place that assembles the app); `read_side` packages may
  also read other features' `readable` modules (the dashboard's SQL aggregates read their tables);
- inside the feature, data flows one way: `web` modules (api*, pages*) are imported by no other module
  of the feature, and `domain` modules (model, rules, …) import none of the feature's other modules
  except other domain modules.
Infrastructure packages named in `knows_no_feature` import no feature at all; `web_may_import` lists
the few feature modules the web infrastructure may use directly (the signed-in user's model).
"""

from __future__ import annotations

import fnmatch
from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output


def _matches(module: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(module, p) for p in patterns)


class FeaturePrivacyContract(Contract):
    type_name = "feature_privacy"

    root = fields.StringField()
    infrastructure = fields.ListField(subfield=fields.StringField())
    private = fields.ListField(subfield=fields.StringField())
    web = fields.ListField(subfield=fields.StringField())
    domain = fields.ListField(subfield=fields.StringField())
    wiring = fields.ListField(subfield=fields.StringField())
    read_side = fields.ListField(subfield=fields.StringField(), required=False)
    readable = fields.ListField(subfield=fields.StringField(), required=False)
    knows_no_feature = fields.ListField(subfield=fields.StringField())
    web_may_import = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        root = str(self.root)
        infra = {f"{root}.{name}" for name in self.infrastructure}  # type: ignore[attr-defined]
        children = {m for m in graph.find_children(root) if graph.find_children(m)}
        features = sorted(children - infra)
        wiring = [f"{root}.{w}" for w in self.wiring]  # type: ignore[attr-defined]
        read_side = [f"{root}.{r}" for r in (self.read_side or [])]  # type: ignore[attr-defined]
        web_may_import = [f"{root}.{m}" for m in (self.web_may_import or [])]  # type: ignore[attr-defined]
        problems: list[str] = []

        def feature_of(module: str) -> str | None:
            parts = module.split(".")
            return ".".join(parts[:2]) if len(parts) >= 2 and ".".join(parts[:2]) in features else None

        def local(module: str, feature: str) -> str:
            return module[len(feature) + 1 :].split(".")[0]

        def in_any(module: str, packages: list[str]) -> bool:
            return any(module == p or module.startswith(p + ".") for p in packages)

        for feature in features:
            for module in sorted(graph.find_descendants(feature)):
                name = local(module, feature)
                for importer in sorted(graph.find_modules_that_directly_import(module)):
                    line = self._line(graph, importer, module)
                    same = importer == feature or importer.startswith(feature + ".")
                    if _matches(name, self.private) and not same and not in_any(importer, wiring):  # type: ignore[arg-type]
                        if not (in_any(importer, read_side) and _matches(name, self.readable or [])):  # type: ignore[arg-type]
                            problems.append(f"{importer} -> {module} ({line}): private to {feature}; use its service")
                    if same and _matches(name, self.web):  # type: ignore[arg-type]
                        if not _matches(local(importer, feature), self.web):  # type: ignore[arg-type]
                            problems.append(f"{importer} -> {module} ({line}): only the web layer imports pages/api")
                if _matches(name, self.domain):  # type: ignore[arg-type]
                    for imported in sorted(graph.find_modules_directly_imported_by(module)):
                        if imported.startswith(feature + ".") and not _matches(local(imported, feature), self.domain):  # type: ignore[arg-type]
                            line = self._line(graph, module, imported)
                            problems.append(f"{module} -> {imported} ({line}): the model and rules depend on nothing above them")

        for name in self.knows_no_feature:  # type: ignore[attr-defined]
            package = f"{root}.{name}"
            for module in sorted({package, *graph.find_descendants(package)}):
                for imported in sorted(graph.find_modules_directly_imported_by(module)):
                    if feature_of(imported) and not in_any(imported, web_may_import):
                        line = self._line(graph, module, imported)
                        problems.append(f"{module} -> {imported} ({line}): {package} knows no feature")
        return ContractCheck(kept=not problems, metadata={"problems": problems})

    @staticmethod
    def _line(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
        details = graph.get_import_details(importer=importer, imported=imported)
        return "l." + ",".join(str(d["line_number"]) for d in details) if details else "indirect"

    def render_broken_contract(self, check: ContractCheck) -> None:
        problems: list[Any] = check.metadata["problems"]
        for problem in problems:
            output.print_error(f"- {problem}", bold=False)
            output.new_line()
