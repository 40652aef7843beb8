"""The decisions inside one create, with its collaborators mocked: look, adopt, retry, clean up, explain.

The emulator and CLI tiers prove the whole behaviour; these pin each branch of the decision.
"""

from __future__ import annotations

import pytest
from pytest_mock import MockerFixture

from pulumi_aep_streaming.client import (
    AepAuthError,
    AepNotFoundError,
    AepServerError,
    AepTransportError,
    Created,
)
from pulumi_aep_streaming.provider import _base, _listings, dataflow
from pulumi_aep_streaming.provider._base import AepProvider, AepResourceError, Candidate, resource_error
from pulumi_aep_streaming.provider.connections import SourceConnectionProvider
from pulumi_aep_streaming.provider.dataflow import DataflowProvider
from pulumi_aep_streaming.provider.inputs import DataflowInputs, SourceConnectionInputs
from pulumi_aep_streaming.provider.ownership import marked

OWNER = "proj/dev/s"
# As create hands them on: the owner marks the description.
INPUTS = SourceConnectionInputs(name="s", connection_spec_id="spec", description=marked("", OWNER))
EARLIER = _base.PROCESS_STARTED_MS - 60_000
LATER = 32_503_680_000_000  # year 3000: made after any create in this test started


def unknown_outcome() -> AepServerError:
    return AepServerError(status=502, method="POST", path="/x", outcome_unknown=True)


@pytest.fixture
def provider(mocker: MockerFixture) -> AepProvider[SourceConnectionInputs]:
    p = SourceConnectionProvider()
    mocker.patch.object(_base.time, "sleep")
    mocker.patch.object(p, "_adopt", return_value={"etag": "e", "state": "enabled"})
    mocker.patch.object(_base, "EARLIER", _listings.EarlierEntities())  # each test its own process
    mocker.patch.object(p, "_leftover_candidates", return_value=[])
    return p


def test_nothing_left_over_means_one_create(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(provider, "_candidates", return_value=[])
    create = mocker.patch.object(provider, "_create", return_value=("new", {}))
    assert provider._converge(mocker.Mock(), INPUTS) == ("new", {})
    create.assert_called_once()


def test_an_earlier_commands_entity_of_this_owner_is_taken_over_without_a_create(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(provider, "_leftover_candidates", return_value=[Candidate("old", EARLIER, OWNER)])
    create = mocker.patch.object(provider, "_create")
    assert provider._converge(mocker.Mock(), INPUTS)[0] == "old"
    create.assert_not_called()


@pytest.mark.parametrize(
    ("created_ms", "owner"),
    [
        (LATER, OWNER),  # made by this command
        (EARLIER, "proj/dev/other"),  # another resource's, with the same name
        (EARLIER, "proj/prod/s"),  # the same resource of another stack
        (EARLIER, None),  # made by hand, or by an earlier release
    ],
)
def test_an_entity_of_this_command_or_of_another_owner_is_not_a_leftover(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture, created_ms: int, owner: str | None
) -> None:
    mocker.patch.object(provider, "_leftover_candidates", return_value=[Candidate("other", created_ms, owner)])
    mocker.patch.object(provider, "_create", return_value=("new", {}))
    assert provider._converge(mocker.Mock(), INPUTS)[0] == "new"


def test_a_resource_without_an_owner_takes_nothing_over(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(provider, "_leftover_candidates", return_value=[Candidate("old", EARLIER, None)])
    mocker.patch.object(provider, "_create", return_value=("new", {}))
    assert provider._converge(mocker.Mock(), SourceConnectionInputs(name="s", connection_spec_id="spec"))[0] == "new"


def test_after_an_unknown_outcome_what_was_made_is_kept(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    others = [Candidate("theirs", LATER, "proj/dev/other"), Candidate("hand-made", LATER)]
    mocker.patch.object(provider, "_candidates", side_effect=[[*others, Candidate("made", LATER, OWNER)]])
    create = mocker.patch.object(provider, "_create", side_effect=unknown_outcome())
    assert provider._converge(mocker.Mock(), INPUTS)[0] == "made"
    create.assert_called_once()


def test_after_an_unknown_outcome_with_nothing_made_the_create_is_sent_again(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(provider, "_candidates", return_value=[])
    create = mocker.patch.object(provider, "_create", side_effect=[unknown_outcome(), ("second", {})])
    assert provider._converge(mocker.Mock(), INPUTS)[0] == "second"
    assert create.call_count == 2


def test_creates_are_sent_a_bounded_number_of_times(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(provider, "_candidates", return_value=[])
    create = mocker.patch.object(provider, "_create", side_effect=unknown_outcome())
    with pytest.raises(AepServerError):
        provider._converge(mocker.Mock(), INPUTS)
    assert create.call_count == _base.CREATE_ATTEMPTS


def test_a_refused_create_is_not_sent_again(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(provider, "_candidates", return_value=[])
    create = mocker.patch.object(provider, "_create", side_effect=AepServerError(status=500, outcome_unknown=False))
    with pytest.raises(AepServerError):
        provider._converge(mocker.Mock(), INPUTS)
    create.assert_called_once()


def test_several_new_candidates_are_named_not_guessed(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(
        provider, "_candidates", side_effect=[[Candidate("a", LATER, OWNER), Candidate("b", LATER, OWNER)]]
    )
    mocker.patch.object(provider, "_create", side_effect=unknown_outcome())
    with pytest.raises(AepResourceError, match="several new ones: a, b; set adopt_id"):
        provider._converge(mocker.Mock(), INPUTS)


def test_when_aep_cannot_be_asked_the_error_says_to_run_again(
    provider: AepProvider[SourceConnectionInputs], mocker: MockerFixture
) -> None:
    mocker.patch.object(provider, "_candidates", side_effect=[AepTransportError("down")])
    mocker.patch.object(provider, "_create", side_effect=unknown_outcome())
    with pytest.raises(AepResourceError, match="run `pulumi up` again"):
        provider._converge(mocker.Mock(), INPUTS)


def test_one_listing_per_kind_serves_every_create_and_a_leftover_goes_to_one_resource(
    mocker: MockerFixture,
) -> None:
    mocker.patch.object(_base, "EARLIER", _listings.EarlierEntities())
    p = SourceConnectionProvider()
    spec = mocker.Mock(id="spec")
    old = mocker.Mock(id="old", created_at=EARLIER, connection_spec=spec, base_connection_id=None)
    old.configure_mock(name="s", description=INPUTS.description)
    mine = mocker.Mock(id="mine", created_at=LATER, connection_spec=spec, base_connection_id=None)
    mine.configure_mock(name="s", description=INPUTS.description)  # made by this process: never a leftover
    listing = mocker.patch.object(p, "_listing", return_value=[old, mine])
    aep = mocker.Mock()
    assert p._leftover(aep, INPUTS) == "old"
    assert p._leftover(aep, INPUTS) is None  # taken: a second resource with the same key makes its own
    assert p._leftover(aep, SourceConnectionInputs(name="other", connection_spec_id="spec", description=OWNER)) is None
    listing.assert_called_once_with(aep, None)


def test_a_kind_too_big_to_list_is_asked_per_resource(mocker: MockerFixture) -> None:
    mocker.patch.object(_base, "EARLIER", _listings.EarlierEntities())
    mocker.patch.object(_listings, "LISTING_LIMIT", 1)
    p = SourceConnectionProvider()
    entity = mocker.Mock(id="e", created_at=EARLIER)
    mocker.patch.object(p, "_listing", return_value=[entity, entity])
    candidates = mocker.patch.object(p, "_candidates", return_value=[])
    assert p._leftover_candidates(mocker.Mock(), INPUTS) == []
    candidates.assert_called_once()


def test_a_flow_whose_start_and_cleanup_fail_is_named_with_its_adopt_id_line(mocker: MockerFixture) -> None:
    aep = mocker.Mock()
    aep.flow_service.flows.create.return_value = Created(id="flow-1", etag='"1"')
    aep.flow_service.flows.delete.side_effect = AepServerError(status=500, method="DELETE", path="/flows/flow-1")
    p = DataflowProvider()
    mocker.patch.object(p, "_settle", side_effect=AepServerError(status=503, method="GET", path="/flows/flow-1"))
    inputs = DataflowInputs(name="f", source_connection_id="s", target_connection_id="t", flow_spec_id="spec")
    with pytest.raises(AepResourceError) as err:
        p._create(aep, inputs)
    assert 'DataflowArgs(..., adopt_id="flow-1")' in str(err.value) and "Left in AEP: flow-1" in str(err.value)


def test_a_flow_whose_start_fails_is_deleted_again(mocker: MockerFixture) -> None:
    aep = mocker.Mock()
    aep.flow_service.flows.create.return_value = Created(id="flow-1", etag='"1"')
    aep.flow_service.flows.delete.side_effect = AepNotFoundError(status=404)  # already gone is fine
    mocker.patch.object(dataflow.DataflowProvider, "_settle", side_effect=AepServerError(status=503))
    inputs = DataflowInputs(name="f", source_connection_id="s", target_connection_id="t", flow_spec_id="spec")
    with pytest.raises(AepServerError):
        DataflowProvider()._create(aep, inputs)
    aep.flow_service.flows.delete.assert_called_once_with("flow-1")


@pytest.mark.parametrize(
    ("error", "hint"),
    [
        (AepServerError(status=502, method="GET", path="/x"), "run the command again"),
        (AepTransportError("GET /x: cannot connect", setting="endpoint"), "aep:endpoint"),
        (AepAuthError(status=401, code="invalid_client", method="POST", path="/ims/token/v3"), "--run-program"),
    ],
)
def test_errors_end_with_what_to_do(error: Exception, hint: str) -> None:
    assert isinstance(error, _base.AepError)
    message = str(resource_error(error, "creating the dataflow"))
    assert message.startswith("creating the dataflow failed: ") and hint in message


def test_naming_the_flow_spec_a_flow_already_has_changes_nothing() -> None:
    """Flows made before StreamingSource named its spec hold it only as resolved_flow_spec_id."""
    olds = {
        "name": "f",
        "source_connection_id": "s",
        "target_connection_id": "t",
        "resolved_flow_spec_id": "spec-a",
        "org_id": "o@AdobeOrg",
        "sandbox_name": "prod",
    }
    provider = DataflowProvider()
    assert not provider.diff("id", olds, {**olds, "flow_spec_id": "spec-a"}).changes
    assert not provider.diff("id", olds, dict(olds)).changes
    other = provider.diff("id", olds, {**olds, "flow_spec_id": "spec-b"})
    assert other.changes and other.replaces == ["flow_spec_id"]
