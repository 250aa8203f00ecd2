"""Parses the spec's examples with the Python models quicktype generated from it (scripts/python-models.ts).

Usage: python3 parse_examples.py <generated module .py> < cases.json

Input (stdin): {"schemas": [component schema names],
                "cases": [{"id": str, "schema": str, "variants": [str], "value": any}]}

For each case, `<schema>_from_dict` then `<schema>_to_dict` must give the value back (fields that are null or
left out count as the same; date-times compare as instants). A `oneOf` case must also round-trip through
exactly one of its `variants`. Every schema must have its converters in the module.

Prints {"checked": n, "failures": [{"id", "reason"}], "missing": [schema names]} on stdout and a report on
stderr; exits 1 if anything failed.
"""

import importlib.util
import json
import sys
import traceback
import types
from datetime import datetime

if sys.version_info < (3, 11):
    sys.exit("needs Python 3.11+ (datetime.fromisoformat reads every ISO 8601 date-time from 3.11 on)")
if not __debug__:
    sys.exit("run without -O: the generated converters check types with assert statements")


def load(path):
    try:
        import dateutil.parser  # noqa: F401  (what quicktype's date-time converter uses)
    except ImportError:
        # python-dateutil is not in the standard library; where it is missing, the stdlib's ISO 8601 parser
        # (Python 3.11+) stands in, so the check needs nothing from PyPI.
        parser = types.ModuleType("dateutil.parser")
        parser.parse = datetime.fromisoformat
        sys.modules["dateutil"] = types.ModuleType("dateutil")
        sys.modules["dateutil"].parser = parser
        sys.modules["dateutil.parser"] = parser
    spec = importlib.util.spec_from_file_location("generated_models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def key(name):
    """`SignOnPolicyActionPingIdAuthentication` and `sign_on_policy_action_ping_id_authentication` match."""
    return name.replace("_", "").lower()


def converters(module):
    """Schema key -> (from_dict, to_dict), from the module's top-level `<name>_from_dict` functions."""
    found = {}
    for attr in dir(module):
        if attr.endswith("_from_dict") and attr != "from_dict":
            name = attr[: -len("_from_dict")]
            if key(name) in found:
                sys.exit(f"two converters in the module match {name}: cannot tell which schema each is for")
            found[key(name)] = (getattr(module, attr), getattr(module, f"{name}_to_dict"))
    return found


def instant(text):
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def difference(expected, actual, at="$"):
    """Where `actual` differs from `expected`, or None."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        present = {k for k, v in [*expected.items(), *actual.items()] if v is not None}
        for k in sorted(present):
            found = difference(expected.get(k), actual.get(k), f"{at}.{k}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = difference(e, a, f"{at}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, str) and isinstance(actual, str) and expected != actual:
        same = instant(expected) is not None and instant(expected) == instant(actual)
        return None if same else f"{at}: {expected!r} came back as {actual!r}"
    if actual is None and expected is not None:
        return f"{at}: {json.dumps(expected)} was dropped"
    if isinstance(expected, bool) != isinstance(actual, bool) or expected != actual:
        return f"{at}: {json.dumps(expected)} came back as {json.dumps(actual)}"
    return None


def failure(error, module_file):
    """The exception, and the generated line that raised it: `priority = from_int(obj.get("priority"))`."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == module_file]
    innermost = frames[-1].line if frames else ""
    line = next((f.line for f in reversed(frames) if f.name == "from_dict"), innermost)
    return f"{type(error).__name__} {error}".strip() + (f" at `{line}`" if line else "")


def round_trip(pair, value, module_file):
    """None if the value parses and comes back unchanged, else why not."""
    from_dict, to_dict = pair
    try:
        back = json.loads(json.dumps(to_dict(from_dict(value))))
    except Exception as error:  # the generated converters raise AssertionError, ValueError, TypeError ...
        return failure(error, module_file)
    return difference(value, back)


def check(case, found, module_file):
    pair = found.get(key(case["schema"]))
    if pair is None:
        return f"no converter for {case['schema']}"
    problem = round_trip(pair, case["value"], module_file)
    if problem:
        return f"{case['schema']}: {problem}"
    variants = case.get("variants") or []
    if variants:
        results = {
            v: round_trip(found[key(v)], case["value"], module_file) if key(v) in found else "no converter"
            for v in variants
        }
        matched = [v for v, problem in results.items() if problem is None]
        if len(matched) != 1:
            detail = "; ".join(f"{v}: {p or 'matches'}" for v, p in results.items())
            return f"matches {len(matched)} of the variants of {case['schema']}, not exactly one ({detail})"
    return None


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    module = load(sys.argv[1])
    found = converters(module)
    data = json.load(sys.stdin)
    missing = [name for name in data["schemas"] if key(name) not in found]
    failures = []
    for case in data["cases"]:
        reason = check(case, found, module.__file__)
        if reason:
            failures.append({"id": case["id"], "reason": reason})
    for name in missing:
        print(f"MISSING  {name}: no {name}_from_dict in the module", file=sys.stderr)
    for f in failures:
        print(f"FAIL  {f['id']}\n      {f['reason']}", file=sys.stderr)
    passed = len(data["cases"]) - len(failures)
    print(f"{passed} of {len(data['cases'])} examples parsed and round-tripped", file=sys.stderr)
    print(json.dumps({"checked": len(data["cases"]), "failures": failures, "missing": missing}))
    sys.exit(1 if failures or missing else 0)


if __name__ == "__main__":
    main()
