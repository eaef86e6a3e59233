#!/usr/bin/env bash
# Create restricted MinIO users for permission-failure tests.
#
#   scripts/servers/minio-users.sh ENDPOINT [BUCKET]
#
# Creates (idempotently) user `readonly` / `readonly-secret` whose only policy
# (`espq-readonly`) allows s3:GetObject, s3:ListBucket, s3:GetBucketLocation on
# BUCKET (default: espq-readonly; may be a wildcard pattern such as `ro-*`, in
# which case no bucket is created; otherwise the bucket is created if missing).
# No s3:PutObject -> PutObject / CreateMultipartUpload by this user fail with
# AccessDenied. Uses MinIO's admin API via `mc` (see ensure-mc.sh) and the
# root credentials minioadmin/minioadmin. Prints nothing on success.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 ENDPOINT [BUCKET]" >&2
  exit 2
fi
ENDPOINT="${1%/}"
BUCKET="${2:-espq-readonly}"

MC="$("$(dirname "${BASH_SOURCE[0]}")/ensure-mc.sh")"

# Credentials go through MC_HOST_<alias>; a throwaway config dir keeps ~/.mc untouched.
scheme="${ENDPOINT%%://*}"
hostport="${ENDPOINT#*://}"
export MC_HOST_espq="${scheme}://minioadmin:minioadmin@${hostport}"
CFG="$(mktemp -d)"
POLICY="$CFG/policy.json"
trap 'rm -rf "$CFG"' EXIT

mcq() {
  local out
  if ! out="$("$MC" --config-dir "$CFG" --no-color --quiet "$@" 2>&1)"; then
    echo "minio-users: mc $* failed:" >&2
    echo "$out" >&2
    return 1
  fi
}

if [[ "$BUCKET" != *[*?]* ]]; then
  mcq mb --ignore-existing "espq/$BUCKET"
fi

cat >"$POLICY" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
      "Resource": ["arn:aws:s3:::$BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": ["arn:aws:s3:::$BUCKET/*"]
    }
  ]
}
JSON

mcq admin policy create espq espq-readonly "$POLICY"
mcq admin user add espq readonly readonly-secret
# `policy attach` fails if the policy is already attached; that is fine.
if ! out="$("$MC" --config-dir "$CFG" --no-color --quiet admin policy attach espq espq-readonly --user readonly 2>&1)"; then
  if ! grep -qi 'already' <<<"$out"; then
    echo "minio-users: mc admin policy attach failed:" >&2
    echo "$out" >&2
    exit 1
  fi
fi
