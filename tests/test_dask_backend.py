"""The dask backend: the same results as the local backend, the checker loaded once per
worker, nothing lost or doubled when a worker dies, a clear error without the extra.

Real processes throughout: clusters of two worker processes on this machine, a worker
killed from outside as an operator (or the kernel's OOM killer) would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tonecheck.batch.backends import BatchPlan, dask_backend
from tonecheck.batch.process import OutputSettings
from tonecheck.cli import main
from tonecheck.report.output_files import plan_reports, prepare_output
from tonecheck.runtime import CheckerSource

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

from tests.dask_helpers import Misbehave, make_corpus  # noqa: E402
from tests.process_helpers import interrupt  # noqa: E402

pytestmark = pytest.mark.slow  # worker processes and clusters: 70 s together

TONECHECK = [sys.executable, "-m", "tonecheck"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "brieven"
    make_corpus(folder, 200)
    return folder


@pytest.fixture(scope="module")
def corpus50(corpus) -> list[str]:
    return [str(p) for p in sorted(corpus.iterdir())[:50]]


@pytest.fixture
def cluster(monkeypatch):
    """A cluster of two worker processes; its scheduler runs in this process, so a test can
    set the scheduler's configuration first."""
    import dask

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=50
        ) as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        yield local, client


def check(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*TONECHECK, "check", "-q", *args], capture_output=True, text=True, timeout=timeout
    )


def run_backend(scheduler: str, paths: list[str], timeout: float = 60) -> list:
    plan = BatchPlan(CheckerSource.of(Path(paths[0])), OutputSettings("jsonl"), timeout)
    return list(dask_backend(plan, scheduler).run(paths, should_stop=lambda: False))


def test_json_output_is_identical_to_the_local_backend(corpus50):
    local = check("--format", "json", "-j", "2", *corpus50)
    dask = check("--format", "json", "--backend", "dask", "--scheduler", "local:2", *corpus50)
    assert local.returncode == dask.returncode == 1  # findings, no failures
    assert json.loads(local.stdout)["documents"][0]["findings"]
    assert dask.stdout == local.stdout
    assert dask.stderr == ""  # no cluster chatter on standard error


def test_the_checker_is_loaded_once_per_worker(cluster, corpus50):
    from tonecheck.batch import dask_worker

    local, client = cluster
    first = run_backend(local.scheduler_address, corpus50[:30])
    second = run_backend(local.scheduler_address, corpus50[30:])  # same cluster, same rules
    loads = client.run(dask_worker.loads)
    assert len(loads) == 2
    assert list(loads.values()) == [1, 1]
    assert sorted(r.index for r in first) == list(range(30))
    assert len(second) == 20 and not any(r.error for r in first + second)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(corpus):
    command = [*TONECHECK, "check", "-q", "--format", "jsonl"]
    command += ["--backend", "dask", "--scheduler", "local:2", str(corpus)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, killed = [], None
    for line in process.stdout:
        lines.append(line)
        if len(lines) == 40:
            workers = [
                child
                for child in psutil.Process(process.pid).children(recursive=True)
                if "spawn_main" in " ".join(child.cmdline())
            ]
            assert len(workers) == 2
            killed = workers[0]
            killed.send_signal(signal.SIGKILL)
    process.wait(timeout=300)
    assert killed is not None and not killed.is_running()
    documents = [json.loads(line) for line in lines]
    paths = [d["path"] for d in documents]
    assert len(paths) == 200
    assert sorted(paths) == sorted(str(p) for p in corpus.iterdir())  # each exactly once
    assert not [d for d in documents if d["error"]]  # re-run elsewhere, not failed
    assert process.returncode == 1


def test_a_letter_that_kills_or_hangs_every_worker_fails_alone(cluster, corpus50):
    local, client = cluster
    client.register_plugin(Misbehave(crash="brief-0003", hang="brief-0011"))
    started = time.monotonic()
    records = run_backend(local.scheduler_address, corpus50[:24], timeout=3)
    assert time.monotonic() - started < 240
    by_path = {Path(r.path).name: r for r in records}
    assert len(records) == len(by_path) == 24
    failed = sorted(name for name, r in by_path.items() if r.error)
    assert failed == ["brief-0003.txt", "brief-0011.md"]
    assert "werkproces stopte bij elke poging" in by_path["brief-0003.txt"].error
    assert "langer dan 3 seconden" in by_path["brief-0011.md"].error
    assert "langer dan" not in by_path["brief-0003.txt"].error
    assert by_path["brief-0004.txt"].data["findings"]


def test_without_the_extra_dask_is_a_clear_error(monkeypatch, corpus50):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "tonecheck.batch.dask_client", raising=False)
    result = CliRunner().invoke(main, ["check", "--backend", "dask", *corpus50[:3]])
    assert result.exit_code == 2
    assert "pip install 'tonecheck[dask]'" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_bad_scheduler_addresses_are_one_line_errors(corpus50, monkeypatch):
    wrong = check("--backend", "dask", "--scheduler", "ergens", *corpus50[:2])
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("tonecheck: --scheduler 'ergens'")
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2s")
    unreachable = subprocess.run(
        [*TONECHECK, "check", "-q", "--scheduler", "tcp://127.0.0.1:9", *corpus50[:2]],
        capture_output=True, text=True, timeout=120, env=os.environ,
    )  # fmt: skip
    assert unreachable.returncode == 2
    assert unreachable.stderr.count("\n") == 1
    assert "tcp://127.0.0.1:9" in unreachable.stderr and "Traceback" not in unreachable.stderr
    jobs = check("--backend", "dask", "-j", "2", *corpus50[:2])
    assert jobs.returncode == 2 and "--scheduler local:N" in jobs.stderr


def test_the_kubernetes_examples_use_the_recommended_worker_settings():
    from ruamel.yaml import YAML

    from tests.conftest import ROOT
    from tonecheck.batch.dask_client import RECOMMENDED_ENVIRONMENT

    folder = ROOT / "deploy" / "kubernetes"
    job = YAML(typ="safe").load((folder / "daskjob.yaml").read_text())
    cluster = YAML(typ="safe").load((folder / "daskcluster.yaml").read_text())
    for spec in (job["spec"]["cluster"]["spec"], cluster["spec"]):
        worker = spec["worker"]["spec"]["containers"][0]
        assert {e["name"]: e["value"] for e in worker["env"]} == RECOMMENDED_ENVIRONMENT
        assert worker["args"][worker["args"].index("--nthreads") + 1] == "1"
    command = job["spec"]["job"]["spec"]["containers"][0]["args"][0]
    assert "tonecheck check --backend dask" in command and '[ "$code" -le 1 ]' in command


def test_a_worker_with_another_tonecheck_version_refuses_the_batch():
    import asyncio
    from types import SimpleNamespace

    from tonecheck.batch.dask_worker import CheckerPlugin
    from tonecheck.errors import TonecheckError

    plugin = CheckerPlugin(CheckerSource(None), 60, version="0.0.1")
    with pytest.raises(TonecheckError) as raised:
        asyncio.run(plugin.setup(SimpleNamespace(address="tcp://10.0.0.7:40000")))
    assert str(raised.value).startswith("tcp://10.0.0.7:40000: dit werkproces heeft tonecheck")
    assert "0.0.1" in str(raised.value)


def test_dask_scheduler_address_in_the_environment_alone_keeps_the_local_backend(
    corpus50, monkeypatch
):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:9")  # nothing listens
    result = CliRunner().invoke(main, ["check", "-q", "--format", "jsonl", *corpus50[:2]])
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code in (0, 1)  # checked here, no connection error (2)
    assert len(documents) == 2 and not [d for d in documents if d["error"]]


# --- issue 23: retries meet their own reports, the timeout per letter, hung letters, Ctrl-C


def run_with_reports(scheduler: str, paths: list[str], out: Path, timeout: float = 60) -> list:
    """Like run_backend, writing an HTML report per letter into ``out`` as one run."""
    reports = plan_reports(paths, ".html", str(out), [str(Path(paths[0]).parent)])
    prepare_output(reports)
    settings = OutputSettings("html", reports=reports, run="een-run")
    plan = BatchPlan(CheckerSource.of(Path(paths[0])), settings, timeout)
    return list(dask_backend(plan, scheduler).run(paths, should_stop=lambda: False))


def test_a_chunk_run_again_after_its_worker_died_writes_its_own_reports_again(
    cluster, corpus50, tmp_path
):
    local, client = cluster
    marks = tmp_path / "al-eens-gestopt"
    marks.mkdir()
    client.register_plugin(Misbehave(crash_once="brief-0005", marks=str(marks)))
    out = tmp_path / "rapporten"
    records = run_with_reports(local.scheduler_address, corpus50[:12], out)
    assert (marks / "brief-0005.txt").exists()  # died once, after writing that report
    assert len(records) == 12
    assert [r.error for r in records if r.error] == []  # no 'bestaat al'
    assert len(list(out.glob("*.tonecheck.html"))) == 12
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tonecheck-tmp")]


def test_the_timeout_counts_each_letter_not_the_chunk(cluster, corpus50):
    from tonecheck.batch import dask_worker

    local, client = cluster
    client.register_plugin(Misbehave(slow=1.0))  # chunks of 12: 12 s, 1 s a letter
    records = run_backend(local.scheduler_address, corpus50[:24], timeout=4)
    assert len(records) == 24 and not [r for r in records if r.error]
    assert list(client.run(dask_worker.loads).values()) == [1, 1]  # no worker was ended


def test_a_letter_that_hangs_fails_at_once_and_the_others_go_on(cluster, corpus50):
    local, client = cluster
    client.register_plugin(Misbehave(stall="brief-0011"))  # after the pipeline
    records = run_backend(local.scheduler_address, corpus50[:24], timeout=3)
    by_path = {Path(r.path).name: r for r in records}
    assert len(records) == len(by_path) == 24
    assert sorted(name for name, r in by_path.items() if r.error) == ["brief-0011.md"]
    # the watchdog named the letter: failed at once, not after a retry of its own
    assert by_path["brief-0011.md"].error == "het controleren duurde langer dan 3 seconden"


def test_a_letter_that_holds_the_interpreter_is_still_stopped(cluster, corpus50):
    local, client = cluster
    client.register_plugin(Misbehave(spin="brief-0007"))
    started = time.monotonic()
    records = run_backend(local.scheduler_address, corpus50[:12], timeout=4)
    assert time.monotonic() - started < 180
    by_path = {Path(r.path).name: r for r in records}
    assert len(records) == 12
    assert sorted(name for name, r in by_path.items() if r.error) == ["brief-0007.txt"]
    assert "langer dan 4 seconden" in by_path["brief-0007.txt"].error


# under load several results can be on the pipe at once when the test reads the first:
# interrupt() reads it unbuffered, or communicate() would never see the others
@pytest.mark.parametrize("signals", [1, 2])
def test_ctrl_c_stops_a_dask_batch_quietly_and_lists_every_report(corpus, tmp_path, signals):
    out = tmp_path / "rapporten"
    command = [*TONECHECK, "check", "-q", "--format", "html", "-o", str(out)]
    command += ["--scheduler", "local:2", str(corpus)]
    batch, stdout, errors = interrupt(command, signals)  # Ctrl-C reaches every process
    assert batch.returncode == 130, errors
    assert "Traceback" not in errors and "onderbroken na" in errors
    lines = [line for line in stdout.splitlines() if " \u2192 " in line]
    listed = {line.split(" \u2192 ")[1].split("  (")[0] for line in lines}
    written = {str(p) for p in out.glob("*.html")}
    assert 1 <= len(listed) < 200
    assert listed == written
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
