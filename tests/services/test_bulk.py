from __future__ import annotations

import gc
import threading

from treso_app.services.bulk import collection_paused


def test_collection_resumes_when_the_last_bulk_operation_ends():
    assert gc.isenabled()
    second_started, first_done = threading.Event(), threading.Event()
    seen = []

    def second():
        with collection_paused():
            second_started.set()
            first_done.wait(5)
            seen.append(gc.isenabled())  # the first one ended, this one still runs

    with collection_paused():
        worker = threading.Thread(target=second)
        worker.start()
        second_started.wait(5)
        assert not gc.isenabled()
    first_done.set()
    worker.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
