"""Run stages on a Dask cluster: an existing scheduler (``dask_address``) or a local cluster of processes.

Workers import Storyline and load their models once each; the runner gathers results in input order and
writes them, so a cluster run stores exactly what a local run stores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


class DaskEngine:
    def __init__(self, *, address: str = "", workers: int = 2) -> None:
        from dask.distributed import Client, LocalCluster

        self._cluster = None
        if address:
            self.client = Client(address)
        else:
            self._cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=40)
            self.client = Client(self._cluster)

    def map_chunks(self, function: Callable[..., list[Any]], chunks: Sequence[Sequence[Any]], **kwargs: Any
                   ) -> list[list[Any]]:
        futures = [self.client.submit(function, list(chunk), pure=False, **kwargs) for chunk in chunks]
        return self.client.gather(futures)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
