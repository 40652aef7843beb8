#!/usr/bin/env bash
# What the workflow (aep-streaming.yml) runs, one event at a time; the same script runs locally and
# in this package's tests (tests/e2e/test_ci_example.py), against the emulator and an s3:// bucket.
#
#   ci.sh pull-request <number>         a throwaway sandbox pr-<number> with the streaming source in it
#                                       (made, or updated to the branch), then the promotion plan of
#                                       the dev, stage and prod stacks: exit 3 on drift, 4 on data loss
#   ci.sh pull-request-closed <number>  destroy stack pr-<number> (its sandbox and all in it), remove it
#   ci.sh merge                         promote the program to dev, stage and prod, in order
#
# Environment: PULUMI_BACKEND_URL (the team's s3:// bucket), PULUMI_CONFIG_PASSPHRASE, AEP_CLIENT_ID,
# AEP_CLIENT_SECRET, AEP_ORG_ID, AEP_SANDBOX_NAME (an existing sandbox the pull request stacks check
# their credentials in); SANDBOX_PROJECT and STREAMING_PROJECT, the two Pulumi projects (defaults:
# the examples beside this one); PROMOTE_STACKS (default dev,stage,prod); SKIP_CHECKPOINTS=true to
# promote large stacks without Pulumi's checkpoints.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sandbox_project="${SANDBOX_PROJECT:-$here/../pull-request-sandbox}"
streaming_project="${STREAMING_PROJECT:-$here/../streaming-source}"
stacks="${PROMOTE_STACKS:-dev,stage,prod}"
skip=()
[ "${SKIP_CHECKPOINTS:-}" = "true" ] && skip=(--skip-checkpoints)

case "${1:-}" in
    pull-request)
        stack="pr-${2:?the pull request number}"
        cd "$sandbox_project"
        pulumi stack select --create "$stack" --non-interactive
        pulumi up --yes --non-interactive --stack "$stack"
        cd "$streaming_project"
        aep-streaming promote --stacks "$stacks" --preview-only
        ;;
    pull-request-closed)
        stack="pr-${2:?the pull request number}"
        cd "$sandbox_project"
        pulumi destroy --yes --non-interactive --stack "$stack"
        pulumi stack rm --yes --non-interactive --stack "$stack"
        ;;
    merge)
        cd "$streaming_project"
        aep-streaming promote --stacks "$stacks" "${skip[@]}"
        ;;
    *)
        echo "usage: ci.sh pull-request <number> | pull-request-closed <number> | merge" >&2
        exit 2
        ;;
esac
