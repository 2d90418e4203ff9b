"""A worker process of the checks that dies (out of memory, ended in the task manager) is told
to the user in Chinese as a UserError, with what to do next (review: a bare RuntimeError, so the
command line printed a traceback and the window showed "RuntimeError: ...")."""

from __future__ import annotations

import multiprocessing
import queue
import time

import pytest

from ykt_desktop.checks import parallel
from ykt_desktop.checks.registry import all_rules
from ykt_desktop.errors import UserError


def test_a_killed_worker_is_a_user_error_in_chinese():
    context = multiprocessing.get_context("spawn")
    proc = context.Process(target=time.sleep, args=(60,), daemon=True)
    proc.start()
    proc.kill()                         # as the task manager or the out-of-memory killer would
    proc.join(10)
    assert proc.exitcode == -9
    collecting = parallel._collect(all_rules()[:2], [proc], queue.Queue(), 100)
    with pytest.raises(UserError) as raised:
        list(collecting)
    assert type(raised.value) is parallel.WorkerDied
    assert str(raised.value) == ("比对的工作进程意外退出（退出码 -9），比对未完成，已完成的规则"
                                 "结果已保存；请关闭其他程序后重新运行比对。")
