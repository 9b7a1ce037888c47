"""Run a function in a forked child process, so that a second core works on the same objects.

The child sees this process's memory copy-on-write (the graph is not pickled), does its work
(writing files, typically) and reports only success or the error text. Where ``fork`` is not
available, or when asked not to fork, the function simply runs here and now.

Examples
--------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> job = Forked(p.write_text, "hello", fork=True)
>>> job.join()
5
>>> p.read_text()
'hello'
>>> Forked(int, "not a number", fork=True).join()
Traceback (most recent call last):
...
OSError: int failed: ValueError: invalid literal for int() with base 10: 'not a number'
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any


def can_fork() -> bool:
    """Whether this platform can fork (Linux, macOS)."""
    return "fork" in mp.get_all_start_methods()


def _child(fn: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        conn.send((True, fn(*args)))
    except BaseException as exc:  # reported back to the parent, which raises it
        conn.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class Forked:
    """``fn(*args)`` in a forked child when ``fork`` (and the platform allows it), else at once.

    :meth:`join` waits for the child and raises ``OSError`` naming ``fn`` when it failed; run
    here, ``fn``'s own errors propagate from the constructor.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, fork: bool = True) -> None:
        self.name = getattr(fn, "__name__", "job")
        self.error: str | None = None
        self.result: Any = None
        self.proc: Any = None
        if not (fork and can_fork()):
            self.result = fn(*args)  # errors propagate as they are
            return
        ctx = mp.get_context("fork")
        self.conn, child_conn = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_child, args=(fn, args, child_conn), daemon=True)
        self.proc.start()
        child_conn.close()

    def join(self) -> Any:
        """Wait for the job and return what ``fn`` returned (it must pickle); ``OSError`` if it failed."""
        if self.proc is not None:
            ok, value = (
                self.conn.recv() if self.conn.poll(None) else (False, "the process ended without a word")
            )
            self.proc.join()
            self.conn.close()
            self.proc = None
            self.result, self.error = (value, None) if ok else (None, value)
        if self.error:
            raise OSError(f"{self.name} failed: {self.error}")
        return self.result
