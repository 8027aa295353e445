"""Which frameworks the app knows (bundled plus those a user added) and the mappings between
their versions.

Lookups are exact: an assessment is only ever scored with the framework version it was made
with (`get`); choosing a version for a new assessment is a separate, explicit call (`newest`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from maturity_workbook.core.framework import (
    Framework, FrameworkError, Problem, iter_framework_files, load_framework,
)
from maturity_workbook.core.mapping import (
    FrameworkMapping, MappingError, check_mapping, iter_mapping_files, load_mapping,
)


@dataclass
class FrameworkCatalog:
    frameworks: dict[tuple[str, str], Framework] = field(default_factory=dict)
    origins: dict[tuple[str, str], str] = field(default_factory=dict)  # "bundled" or "user"
    broken: list[FrameworkError] = field(default_factory=list)  # user files that did not load
    mappings: dict[tuple[str, str, str], FrameworkMapping] = field(default_factory=dict)

    @classmethod
    def load(cls, bundled: Path, user_folders: Iterable[Path] = ()) -> "FrameworkCatalog":
        catalog = cls()
        user_folders = list(user_folders)
        for path in iter_framework_files([bundled]):
            catalog.add(load_framework(path), "bundled")  # a broken bundled file is a bug: raise
        for path in iter_framework_files(user_folders):
            try:
                catalog.add(load_framework(path), "user")
            except FrameworkError as exc:
                catalog.broken.append(exc)
        for path in iter_mapping_files([bundled]):
            catalog.add_mapping(load_mapping(path), strict=True)
        for path in iter_mapping_files(user_folders):
            try:
                catalog.add_mapping(load_mapping(path), strict=False)
            except MappingError as exc:
                catalog.broken.append(exc)
        return catalog

    def add(self, framework: Framework, origin: str) -> None:
        key = (framework.id, framework.version)
        if key in self.frameworks and self.origins[key] == "bundled":
            return  # a user file never shadows a bundled framework of the same id and version
        self.frameworks[key] = framework
        self.origins[key] = origin

    def add_mapping(self, mapping: FrameworkMapping, strict: bool = True) -> None:
        """Keep a mapping whose two versions are known and whose items fit them.

        A mapping that does not fit raises MappingError (a bundled one is a bug; the loader keeps
        a user's in `broken`). One between versions the app does not know is skipped: it cannot
        be used, and may become usable when the framework file is added.
        """
        old = self.get(mapping.framework_id, mapping.from_version)
        new = self.get(mapping.framework_id, mapping.to_version)
        if old is None or new is None:
            if strict:
                missing = mapping.from_version if old is None else mapping.to_version
                raise MappingError([Problem(mapping.source_path, 1, (
                    f"the mapping connects {mapping.framework_id} {mapping.from_version} and "
                    f"{mapping.to_version}, but version {missing} is not installed"))])
            return
        problems = check_mapping(mapping, old, new)
        if problems:
            raise MappingError(problems)
        if mapping.key in self.mappings and not strict:
            return  # a bundled mapping wins over a user's for the same versions
        self.mappings[mapping.key] = mapping

    def get(self, framework_id: str, version: str) -> Framework | None:
        """Exactly this version of this framework, or None: never another version in its place."""
        return self.frameworks.get((framework_id, version))

    def newest(self, framework_id: str) -> Framework | None:
        """The newest version of a framework: the default for a new assessment."""
        versions = self.versions(framework_id)
        return self.frameworks[(framework_id, versions[-1])] if versions else None

    def versions(self, framework_id: str) -> list[str]:
        """The known versions of a framework, oldest first."""
        return sorted((v for fid, v in self.frameworks if fid == framework_id), key=version_key)

    def mapping(self, framework_id: str, from_version: str,
                to_version: str) -> FrameworkMapping | None:
        """The mapping between two versions, if one ships (only direct mappings, no chains)."""
        return self.mappings.get((framework_id, from_version, to_version))

    def link(self, framework_id: str, from_version: str,
             to_version: str) -> FrameworkMapping | None:
        """How the items of one version relate to another's, for comparing assessments: the
        shipped mapping, or the one shipped the other way read backwards (`inverted`); None
        when no mapping connects the two directly (chains of mappings are not followed)."""
        mapping = self.mapping(framework_id, from_version, to_version)
        if mapping is not None:
            return mapping
        back = self.mapping(framework_id, to_version, from_version)
        return back.inverted() if back is not None else None

    def __iter__(self):
        return iter(sorted(self.frameworks.values(), key=lambda f: (f.id, version_key(f.version))))

    def __len__(self) -> int:
        return len(self.frameworks)


def version_key(version: str) -> tuple:
    """Sort key for version strings: numeric parts by value, "1.0-beta" before "1.0".

    Every part becomes a (kind, number, text) triple so that numbers and words never compare
    directly; a version that is not numbers at all still sorts, by its text.
    """
    main, _, pre = version.strip().partition("-")

    def parts(text: str) -> tuple:
        return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower())
                     for p in re.split(r"[._+]", text) if p)

    return (parts(main), 0 if pre else 1, parts(pre))
