"""55 typical user mistakes through the real CLI: where each is reported, and how.

For each: does it fail at `pulumi preview` (before anything is created), does the message name
the field or setting, and is it free of a Python traceback of ours (a frame in this package)?
Pulumi's own language host, which the engine runs here, prints a KeyboardInterrupt traceback of
its exec shim whenever the engine stops a program that is still running because a resource
failed (asyncio and threading frames only): that one is Pulumi's and is not counted. The numbers are printed; the floors
are those of issue 8 (>= 45 at preview, >= 50 named, >= 50 without a traceback), and every case
that is expected to pass a criterion is held to it.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import ROOT, PulumiProject
from tests.support import EmulatorProcess, aep_env

# A traceback frame in this package's code.
OUR_FRAME = re.compile(r'File "[^"]*pulumi_aep_streaming[/\\]')


def our_traceback(output: str) -> bool:
    return "Traceback" in output and OUR_FRAME.search(output) is not None


@dataclass(frozen=True)
class Mistake:
    case: str  # MISTAKE for the program, or "valid"
    names: str  # what the message must contain: the field or setting
    env: tuple[tuple[str, str], ...] = ()  # AEP_* changes: settings mistakes
    at_up: bool = False  # can only be known by asking AEP: reported by `pulumi up`, not preview


PROGRAM = [
    Mistake("destination typo", "destination 'person.name.fistName'"),
    Mistake("empty source", "mappings[0]: the source"),
    Mistake("unknown standard field", "fields[0]: 'car.model'"),
    Mistake("no mappings", "mappings: give at least one"),
    Mistake("dataset without schema", "dataset_id needs schema_id"),
    Mistake("unknown class", "schema_class 'car'"),
    Mistake("static text to integer", "'abc' is not a valid integer"),
    Mistake("static text to boolean", "'maybe' is not a valid boolean"),
    Mistake("static bad date", "'2026-13-45' is not a valid date"),
    Mistake("unknown function", "unknown function 'uper'"),
    Mistake("expression ends early", "expression 'concat(a,' is not valid"),
    Mistake("wrong arity", "upper() does not take 2 argument(s)"),
    Mistake("extra parenthesis", "expression 'upper(a))' is not valid"),
    Mistake("operator in expression", "expression 'a +' is not valid"),
    Mistake("source type typo", "source_type 'ATTRIBUTES'"),
    Mistake("expression as attribute", "use source_type EXPRESSION"),
    Mistake("destination mapped twice", "'person.name.firstName' is mapped twice"),
    Mistake("custom field without tenant", "'loyalty.tier'"),
    Mistake("custom field bad segment", "invalid segment 'loy-alty'"),
    Mistake("custom field bad type", "type 'text'"),
    Mistake("unknown variant", "variant 'kafka'"),
    Mistake("unknown target format", "'csv' is not supported"),
    Mistake("display name twice", "display name 'same' is already used"),
    Mistake("schema title twice", "schema title 'Same' is already used"),
    Mistake("unknown field group", "unknown field group 'profile-foo'"),
    Mistake("field group of another class", "does not extend class"),
    Mistake("field listed twice", "lists a path twice"),
    Mistake("two tenant namespaces", "several tenant namespaces"),
    Mistake("malformed destination", "'person..name'"),
    Mistake("empty schema title", "title"),
    Mistake("empty display name", "name"),
    Mistake("args typo", "mapping"),  # a TypeError from Python itself: the one traceback we cannot avoid
    Mistake("reserved dataset tag", "tag 'adobe_x'"),
    Mistake("empty dataset name", "name"),
    Mistake("zero ready timeout", "ready_timeout_seconds"),
    Mistake("negative mapping version", "mapping_set_version"),
    Mistake("mapping flow spec without mapping set", "set mapping_set_id"),
    Mistake("base connection data type", "data_type"),
    Mistake("source data format", "'parquet' is not supported"),
    Mistake("target data format", "'avro' is not supported"),
    Mistake("mapping set without mappings", "needs at least one mapping"),
    Mistake("mapping set bad expression", "unknown function 'lowr'"),
    Mistake("schema unknown class", "unknown class 'car'"),
    Mistake("schema field group twice", "lists a field group twice"),
    Mistake("schema custom field twice", "lists a path twice"),
    Mistake("schema title twice (resources)", "schema title 't' is already used"),
    Mistake("wrong tenant namespace", "'_emulator.tier'", at_up=True),
    Mistake("schema that does not exist", "0123456789abcdef0123456789abcdef", at_up=True),
]
SETTINGS = [
    Mistake("valid", "aep:clientId", env=(("AEP_CLIENT_ID", ""),)),
    Mistake("valid", "aep:clientSecret", env=(("AEP_CLIENT_SECRET", ""),)),
    Mistake("valid", "aep:orgId", env=(("AEP_ORG_ID", ""),)),
    Mistake("valid", "aep:sandboxName", env=(("AEP_SANDBOX_NAME", ""),)),
    Mistake("valid", "aep:endpoint", env=(("AEP_ENDPOINT", "platform.adobe.io"),)),
    Mistake("valid", "aep:imsEndpoint", env=(("AEP_IMS_ENDPOINT", "ims-na1.adobelogin.com"),)),
    Mistake("valid", "aep:endpoint", env=(("AEP_ENDPOINT", "http://127.0.0.1:9"),), at_up=True),
]


def test_55_typical_mistakes(pulumi_bin: str, workdir: Path, tmp_path: Path) -> None:
    emulator = EmulatorProcess(tmp_path / "aep").start()
    project = PulumiProject("mistakes", workdir, pulumi_bin, ROOT / "tests" / "e2e" / "programs" / "mistakes")
    base_env = {**project.env, **aep_env(emulator.url)}
    project.run("stack", "init", "oops")

    def pulumi(mistake: Mistake, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**base_env, "MISTAKE": mistake.case, **dict(mistake.env)}
        command = ["pulumi", *args, "--non-interactive", "--stack", "oops"]
        return subprocess.run(command, cwd=project.dir, env=env, capture_output=True, text=True, timeout=300)

    try:
        assert pulumi(Mistake("valid", ""), "preview").returncode == 0  # the program itself is fine
        rows = []
        for mistake in [*PROGRAM, *SETTINGS]:
            run = pulumi(mistake, "preview")
            at_preview = run.returncode != 0
            if not at_preview:
                assert mistake.at_up, f"{mistake.case} {mistake.env}: preview passed\n{run.stdout}"
                run = pulumi(mistake, "up", "--yes", "--skip-preview")
                assert run.returncode != 0, f"{mistake.case}: up passed\n{run.stdout}"
                pulumi(Mistake("valid", ""), "destroy", "--yes")
            output = run.stdout + run.stderr
            rows.append((mistake, at_preview, mistake.names in output, not our_traceback(output)))
            if not mistake.at_up:
                assert at_preview, mistake.case
            if mistake.case != "args typo":
                assert mistake.names in output, f"{mistake.case}: {mistake.names!r} not in\n{output}"
                assert not our_traceback(output) or mistake.at_up, f"{mistake.case}: traceback\n{output}"
        with AepClient(settings_for(emulator.url)) as aep:
            assert list(aep.schema_registry.schemas.list()) == []  # nothing was left behind
    finally:
        emulator.stop()
    total = len(rows)
    preview, named, clean = (sum(r[i] for r in rows) for i in (1, 2, 3))
    print(
        f"\n{total} mistakes: {preview} fail at preview, {named} name the field or setting, {clean} show no traceback"
    )
    for mistake, *marks in rows:
        print(
            f"  {'P' if marks[0] else 'U'} {'N' if marks[1] else '-'} {'C' if marks[2] else 'T'}  {mistake.case} "
            f"{' '.join(f'{k}={v!r}' for k, v in mistake.env)}"
        )
    assert total == 55
    assert preview >= 45 and named >= 50 and clean >= 50
