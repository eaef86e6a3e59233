"""Rewrite our catalog, states and messages through airbyte-cdk's own protocol models.

Reads JSON on stdin: {"catalog": ConfiguredAirbyteCatalog, "states": [STATE
AirbyteMessage], "records": [RECORD AirbyteMessage]}. Loads each into the
cdk's models (airbyte_cdk.models, the dataclasses airbyte-protocol-models
declares) and writes them back on stdout, as JSON, in the forms Airbyte's
Python code writes:

- "asdict": `orjson.dumps(dataclasses.asdict(model))`, how the cdk's standard
  tests write the configured catalog: every optional field an explicit null.
- "cdk": the cdk's serializers (`ConfiguredAirbyteCatalogSerializer`,
  `AirbyteStateMessageSerializer`, ...), which leave out unset fields.
- "nulls": the same serializers with `omit_none=False`: every optional field
  an explicit null, under its protocol name (`global`, not `global_`), the
  state blob intact; plus an unknown field at every protocol level, as a
  newer protocol version could add.

Used by test/acceptance/airbyte-python-models.test.ts (with $ESPQ_CDK_PYTHON).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

from serpyco_rs import Serializer

from airbyte_cdk.models import (
    AirbyteMessage,
    AirbyteMessageSerializer,
    AirbyteStateMessage,
    AirbyteStateMessageSerializer,
    ConfiguredAirbyteCatalog,
    ConfiguredAirbyteCatalogSerializer,
)
from airbyte_cdk.models.airbyte_protocol_serializers import custom_type_resolver

EXTRA = "field_from_a_newer_protocol"

catalog_with_nulls = Serializer(ConfiguredAirbyteCatalog, omit_none=False)
state_with_nulls = Serializer(AirbyteStateMessage, omit_none=False, custom_type_resolver=custom_type_resolver)
message_with_nulls = Serializer(AirbyteMessage, omit_none=False, custom_type_resolver=custom_type_resolver)


def extra(obj: dict[str, Any]) -> dict[str, Any]:
    return {**obj, EXTRA: {"added_by": "airbyte_models.py"}}


def catalog_nulls(catalog: ConfiguredAirbyteCatalog) -> dict[str, Any]:
    dumped = catalog_with_nulls.dump(catalog)
    dumped["streams"] = [extra({**entry, "stream": extra(entry["stream"])}) for entry in dumped["streams"]]
    return extra(dumped)


def state_nulls(state: AirbyteStateMessage) -> dict[str, Any]:
    dumped = state_with_nulls.dump(state)
    if isinstance(dumped.get("stream"), dict):
        dumped["stream"] = extra(dumped["stream"])
    return extra(dumped)


def message_nulls(message: AirbyteMessage) -> dict[str, Any]:
    dumped = message_with_nulls.dump(message)
    if dumped.get("state") is not None:
        dumped["state"] = state_nulls(message.state)
    if isinstance(dumped.get("record"), dict):
        dumped["record"] = extra(dumped["record"])
    return extra(dumped)


def main() -> None:
    given = json.load(sys.stdin)
    catalog = ConfiguredAirbyteCatalogSerializer.load(given["catalog"])
    states = [AirbyteMessageSerializer.load(message) for message in given["states"]]
    records = [AirbyteMessageSerializer.load(message) for message in given["records"]]
    bare_states = [message.state for message in states]
    out = {
        "catalog": {
            "asdict": json.loads(json.dumps(asdict(catalog), default=lambda value: value.value)),
            "cdk": ConfiguredAirbyteCatalogSerializer.dump(catalog),
            "nulls": catalog_nulls(catalog),
        },
        "states": {
            "cdk": [AirbyteStateMessageSerializer.dump(state) for state in bare_states],
            "nulls": [state_nulls(state) for state in bare_states],
        },
        "messages": {
            "cdk": [AirbyteMessageSerializer.dump(message) for message in [*records, *states]],
            "nulls": [message_nulls(message) for message in [*records, *states]],
        },
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
