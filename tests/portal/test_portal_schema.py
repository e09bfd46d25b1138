"""Schemathesis against the running portal's ``/openapi.json``: no input produces a 5xx.

Requests carry a valid device token so generated bodies reach the push/pull logic and the
database (not only the 401 path); every answer must also match the documented schema.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks


def test_no_generated_request_makes_the_portal_fail(portal):
    token = portal.enrol(portal.new_site(), "FUZZ")["token"]
    schema = schemathesis.openapi.from_url(f"{portal.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/health"}
    seen: dict[str, set[int]] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call_and_validate(
                base_url=portal.url, checks=[checks.not_a_server_error, checks.response_schema_conformance])
            seen.setdefault(case.operation.path, set()).add(response.status_code)

        check()
    # the generated requests reached the logic behind auth, not only validation errors
    assert 200 in seen["/api/v1/sync/push"] and 200 in seen["/api/v1/sync/pull"]
    assert all(code < 500 for codes in seen.values() for code in codes)
