"""Which frameworks the app knows: the bundled ones plus those a user added to their folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from maturity_workbook.core.framework import (
    Framework, FrameworkError, iter_framework_files, load_framework,
)


@dataclass
class FrameworkCatalog:
    frameworks: dict[tuple[str, str], Framework] = field(default_factory=dict)
    origins: dict[tuple[str, str], str] = field(default_factory=dict)  # "bundled" or "user"
    broken: list[FrameworkError] = field(default_factory=list)  # user files that did not load

    @classmethod
    def load(cls, bundled: Path, user_folders: Iterable[Path] = ()) -> "FrameworkCatalog":
        catalog = cls()
        for path in iter_framework_files([bundled]):
            catalog.add(load_framework(path), "bundled")  # a broken bundled file is a bug: raise
        for path in iter_framework_files(list(user_folders)):
            try:
                catalog.add(load_framework(path), "user")
            except FrameworkError as exc:
                catalog.broken.append(exc)
        return catalog

    def add(self, framework: Framework, origin: str) -> None:
        key = (framework.id, framework.version)
        if key in self.frameworks and self.origins[key] == "bundled":
            return  # a user file never shadows a bundled framework of the same id and version
        self.frameworks[key] = framework
        self.origins[key] = origin

    def get(self, framework_id: str, version: str | None = None) -> Framework | None:
        """The named version, else the newest version of that id."""
        if version is not None and (framework_id, version) in self.frameworks:
            return self.frameworks[(framework_id, version)]
        candidates = [f for (fid, _), f in self.frameworks.items() if fid == framework_id]
        if not candidates:
            return None
        return max(candidates, key=lambda f: _version_key(f.version))

    def __iter__(self):
        return iter(sorted(self.frameworks.values(), key=lambda f: (f.id, _version_key(f.version))))

    def __len__(self) -> int:
        return len(self.frameworks)


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))
