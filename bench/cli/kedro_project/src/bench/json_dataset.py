"""The JSON file dataset of the TypeScript template, for kedro (kedro-datasets' JSONDataset, trimmed)."""
from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

import fsspec
from kedro.io import AbstractVersionedDataset
from kedro.io.core import Version, get_filepath_str, get_protocol_and_path


class JSONDataset(AbstractVersionedDataset[Any, Any]):
    def __init__(self, filepath: str, version: Version | None = None, metadata: dict | None = None) -> None:
        protocol, path = get_protocol_and_path(filepath, version)
        self._protocol = protocol
        self._fs = fsspec.filesystem(protocol)
        self.metadata = metadata
        super().__init__(
            filepath=PurePosixPath(path),
            version=version,
            exists_function=self._fs.exists,
            glob_function=self._fs.glob,
        )

    def load(self) -> Any:
        path = get_filepath_str(self._get_load_path(), self._protocol)
        with self._fs.open(path, mode="r") as f:
            return json.load(f)

    def save(self, data: Any) -> None:
        path = get_filepath_str(self._get_save_path(), self._protocol)
        self._fs.makedirs(str(PurePosixPath(path).parent), exist_ok=True)
        with self._fs.open(path, mode="w") as f:
            json.dump(data, f, indent=2)

    def _exists(self) -> bool:
        return self._fs.exists(get_filepath_str(self._get_load_path(), self._protocol))

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "protocol": self._protocol, "version": self._version}
