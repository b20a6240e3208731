"""The model gateway, called with the official OpenAI SDK (sync, async and
streaming) through Preloop to a provider process that answers with the
recorded wire format: every request in the ledger at the shipped table's
price, refusals in the SDK's own error shapes, the provider's key never
shown, and a provider's failures and cut streams recorded as such."""
import asyncio
import json
import time

import httpx
import anthropic
import openai
import pytest

from conftest import SINK_SECRET, free_port, marker, start_model_provider, stop

PROVIDER_KEY = "sk-test-provider-key-0123456789abcdefWXYZ"
# gpt-4o-mini in the shipped table: USD 0.15 in, 0.60 out per million
# tokens, i.e. 150 and 600 nano-dollars a token. The fixture answers use 19
# prompt and 10 completion tokens.
FIXTURE_COST_NANO = 19 * 150 + 10 * 600


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    p = start_model_provider(tmp_path_factory.mktemp("model-provider"), PROVIDER_KEY)
    yield p
    stop(p.proc)


def setup_models(pl, provider, **model_fields) -> dict:
    """A provider with the test key, a table-priced model and an agent key."""
    m = marker()
    prov = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": f"p-{m}", "kind": "openai-compatible", "base_url": provider.url, "api_key": PROVIDER_KEY})
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"fast-{m}", "provider_id": prov["id"], "upstream_model": "gpt-4o-mini", **model_fields})
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"agent-{m}", "role": "agent"})["key"]
    return {"provider": prov, "model": model, "name": model["name"], "key": key}


def client(pl, key: str, cls=openai.OpenAI):
    return cls(base_url=f"{pl.url}/openai/v1", api_key=key, max_retries=0, timeout=30)


def events(pl, limit: int = 200) -> list[dict]:
    """The ledger's newest rows, once none is still settling: a JSON
    answer's row is settled just after the answer is sent."""
    deadline = time.time() + 10
    while True:
        rows = pl.ok("GET", "/api/v1/usage/events", params={"limit": limit})["events"]
        if not any(r["outcome"] == "pending" for r in rows) or time.time() > deadline:
            return rows
        time.sleep(0.02)


def ledger(pl, request_id: str) -> dict:
    for e in events(pl):
        if e["id"] == request_id:
            return e
    raise AssertionError(f"no ledger row {request_id}")


def test_chat_through_the_gateway_is_metered_at_the_table_price(pl, provider):
    s = setup_models(pl, provider)
    assert s["model"]["price_source"] == "table"
    assert s["model"]["price_version"].startswith("genai-prices-")
    assert s["model"]["effective_prices"]["input"] == 0.15
    c = client(pl, s["key"])
    raw = c.chat.completions.with_raw_response.create(
        model=s["name"], messages=[{"role": "user", "content": "Hello"}])
    completion = raw.parse()
    assert completion.choices[0].message.content == "Hello! How can I assist you today?"
    assert completion.usage.prompt_tokens == 19
    rid = raw.headers["x-preloop-request-id"]
    assert raw.headers["x-preloop-cost-usd"] == f"0.{FIXTURE_COST_NANO:09d}"
    # The provider got its own model id and key, never the caller's.
    sent = provider.requests()[-1]
    assert sent["body"]["model"] == "gpt-4o-mini"
    assert sent["authorization"] == f"Bearer {PROVIDER_KEY}"
    row = ledger(pl, rid)
    assert (row["outcome"], row["status"], row["streamed"]) == ("ok", 200, False)
    assert (row["input_tokens"], row["output_tokens"], row["cached_tokens"]) == (19, 10, 0)
    assert row["cost_nanousd"] == FIXTURE_COST_NANO
    assert row["price_version"] == s["model"]["price_version"]
    assert row["requested_model"] == s["name"] and row["upstream_model"] == "gpt-4o-mini"
    assert row["endpoint"] == "/openai/v1/chat/completions"
    assert row["latency_ms"] is not None and row["ttfb_ms"] is not None
    # The models list is what the key may use, in OpenAI's shape.
    assert s["name"] in [m.id for m in c.models.list().data]


def test_a_stream_arrives_event_by_event_and_its_usage_is_metered(pl, provider):
    s = setup_models(pl, provider)
    c = client(pl, s["key"])
    # Without asking for usage: the provider is asked for it anyway, and
    # its usage chunk is taken out of what the caller receives.
    chunks = list(c.chat.completions.create(
        model=s["name"], messages=[{"role": "user", "content": "Hello"}], stream=True))
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text == "Hello! How can I assist you today?"
    assert all(ch.choices for ch in chunks), "the usage-only chunk reached a caller that did not ask for it"
    assert provider.requests()[-1]["body"]["stream_options"] == {"include_usage": True}
    # Asking for it: the caller gets the usage chunk.
    with_usage = list(c.chat.completions.create(
        model=s["name"], messages=[{"role": "user", "content": "Hello"}], stream=True,
        stream_options={"include_usage": True}))
    assert with_usage[-1].choices == [] and with_usage[-1].usage.completion_tokens == 10
    # The raw stream: events as the provider framed them, and the cost in a
    # comment before [DONE].
    with httpx.stream("POST", f"{pl.url}/openai/v1/chat/completions", headers={"Authorization": f"Bearer {s['key']}"},
                      json={"model": s["name"], "messages": [{"role": "user", "content": "Hello"}], "stream": True}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        header_id = r.headers["x-preloop-request-id"]
        body = r.read().decode()
    events = [e for e in body.split("\n\n") if e]
    assert events[-1] == "data: [DONE]"
    comment = events[-2]
    assert comment.startswith(": preloop request_id=") and f"cost_usd=0.{FIXTURE_COST_NANO:09d}" in comment
    rid = comment.split("request_id=")[1].split()[0]
    assert rid == header_id
    row = ledger(pl, rid)
    assert (row["outcome"], row["streamed"], row["output_tokens"], row["cost_nanousd"]) == ("ok", True, 10, FIXTURE_COST_NANO)


def test_async_clients_and_streamed_tool_calls(pl, provider):
    s = setup_models(pl, provider)

    async def run():
        c = client(pl, s["key"], openai.AsyncOpenAI)
        done = await c.chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "Hello"}])
        stream = await c.chat.completions.create(
            model=s["name"], stream=True, messages=[{"role": "user", "content": "Weather in Paris?"}],
            tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {
                "type": "object", "properties": {"location": {"type": "string"}}}}}])
        pieces, finish = [], None
        async for ch in stream:
            for choice in ch.choices:
                for call in choice.delta.tool_calls or []:
                    pieces.append(call.function.arguments or "")
                finish = choice.finish_reason or finish
        return done, "".join(pieces), finish

    done, arguments, finish = asyncio.run(run())
    assert done.choices[0].finish_reason == "stop"
    assert json.loads(arguments) == {"location": "Paris, France"} and finish == "tool_calls"
    rows = [e for e in events(pl) if e["requested_model"] == s["name"]]
    tool_row = next(r for r in rows if r["streamed"])
    assert (tool_row["input_tokens"], tool_row["output_tokens"]) == (61, 17)
    assert tool_row["cost_nanousd"] == 61 * 150 + 17 * 600


def test_refusals_answer_in_the_sdks_shape_and_are_in_the_ledger(pl, provider):
    s = setup_models(pl, provider)
    c = client(pl, s["key"])
    with pytest.raises(openai.NotFoundError) as e:
        c.chat.completions.create(model=f"nope-{marker()}", messages=[{"role": "user", "content": "x"}])
    assert e.value.code == "model_not_found"
    # A model with no known price is refused, never counted as $0…
    unpriced = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"odd-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "house-model-7b"})
    assert unpriced["price_source"] is None
    with pytest.raises(openai.BadRequestError) as e:
        c.chat.completions.create(model=unpriced["name"], messages=[{"role": "user", "content": "x"}])
    assert e.value.code == "model_unpriced"
    refused = [r for r in events(pl) if r["requested_model"] == unpriced["name"]]
    assert [(r["outcome"], r["status"]) for r in refused] == [("refused", 400)]
    # …unless the model allows it: then it is recorded "unpriced", no cost.
    allowed = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"odd-ok-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "house-model-7b",
        "allow_unpriced": True})
    raw = c.chat.completions.with_raw_response.create(model=allowed["name"], messages=[{"role": "user", "content": "x"}])
    assert "x-preloop-cost-usd" not in raw.headers
    row = ledger(pl, raw.headers["x-preloop-request-id"])
    assert (row["outcome"], row["price_version"], row["cost_nanousd"], row["input_tokens"]) == ("ok", "unpriced", None, 19)
    # A model entry's own prices win over the table's.
    own = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"own-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "gpt-4o-mini",
        "prices": {"input": 1.0, "output": 2.0}})
    raw = c.chat.completions.with_raw_response.create(model=own["name"], messages=[{"role": "user", "content": "x"}])
    row = ledger(pl, raw.headers["x-preloop-request-id"])
    assert row["cost_nanousd"] == 19 * 1000 + 10 * 2000 and row["price_version"].startswith(f"model:{own['id']}@")
    # A key that may not call models, and no key at all.
    viewer = pl.ok("POST", "/api/v1/api-keys", json={"name": f"v-{marker()}", "role": "viewer"})["key"]
    with pytest.raises(openai.PermissionDeniedError):
        client(pl, viewer).chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.AuthenticationError):
        client(pl, "pl_not_a_key").models.list()
    # The Anthropic SDK's header is accepted as the key too.
    r = pl.http.get("/openai/v1/models", headers={"x-api-key": s["key"]})
    assert r.status_code == 200 and r.json()["object"] == "list"


def test_the_provider_key_is_never_shown(pl, provider):
    s = setup_models(pl, provider)
    assert s["provider"]["api_key_hint"] == "…WXYZ" and "api_key" not in s["provider"]
    assert s["provider"]["key_custody"] == "local_encrypted"
    listed = pl.api("GET", "/api/v1/ai-providers").text + pl.api("GET", "/api/v1/ai-models").text
    assert PROVIDER_KEY not in listed
    # A provider that refuses the key quotes part of it: the caller never
    # sees that, nor the ledger.
    wrong = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": f"w-{marker()}", "kind": "openai-compatible", "base_url": provider.url,
        "api_key": "sk-wrong-key-for-this-provider-QRST"})
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"w-{marker()}", "provider_id": wrong["id"], "upstream_model": "gpt-4o-mini"})
    r = pl.http.post("/openai/v1/chat/completions", headers={"Authorization": f"Bearer {s['key']}"},
                     json={"model": model["name"], "messages": [{"role": "user", "content": "x"}]})
    assert r.status_code == 502, r.text
    assert "QRST" not in r.text and "sk-wrong" not in r.text and "sk-" not in r.text
    assert "did not accept the key" in r.json()["error"]["message"]
    shown = pl.api("GET", "/api/v1/usage/events").text
    assert "QRST" not in shown and PROVIDER_KEY not in shown
    if pl.store in ("sqlite", "postgres"):
        assert PROVIDER_KEY not in pl.log_path.read_text()


def test_provider_failures_and_cut_streams_are_clear_errors_with_a_ledger_row(pl, provider):
    s = setup_models(pl, provider)
    c = client(pl, s["key"])
    failing = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"f-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "fail-500",
        "prices": {"input": 1, "output": 1}})
    with pytest.raises(openai.InternalServerError) as e:
        c.chat.completions.create(model=failing["name"], messages=[{"role": "user", "content": "x"}])
    assert e.value.status_code == 502 and "the provider answered 500" in str(e.value)
    cut = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"c-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "cut-stream",
        "prices": {"input": 1, "output": 1}})
    with pytest.raises(openai.APIError) as e:
        for _ in c.chat.completions.create(model=cut["name"], messages=[{"role": "user", "content": "x"}], stream=True):
            pass
    assert "broke off" in str(e.value) or "ended before" in str(e.value)
    # Nothing is left pending: each request has its final outcome.
    unreachable = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": f"u-{marker()}", "kind": "openai-compatible", "base_url": f"http://127.0.0.1:{free_port()}/v1"})
    gone = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"u-{marker()}", "provider_id": unreachable["id"], "upstream_model": "gpt-4o-mini"})
    with pytest.raises(openai.InternalServerError) as e:
        c.chat.completions.create(model=gone["name"], messages=[{"role": "user", "content": "x"}])
    assert "could not be reached" in str(e.value)
    rows = {r["requested_model"]: r for r in events(pl)}
    for name in (failing["name"], cut["name"], gone["name"]):
        assert rows[name]["outcome"] == "provider_error" and rows[name]["status"] == 502, rows[name]
    assert rows[cut["name"]]["streamed"] is True


def test_a_provider_that_does_not_answer_in_time_is_a_clear_error_and_its_hold_is_released(pl, provider):
    s = setup_models(pl, provider)
    # The provider is given a second (the default is ten minutes).
    assert s["provider"]["timeout_ms"] == 600_000
    changed = pl.ok("PATCH", f"/api/v1/ai-providers/{s['provider']['id']}", json={"timeout_ms": 1000})
    assert changed["timeout_ms"] == 1000 and changed["api_key_hint"] == "…WXYZ", changed
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"t-{marker()}", "role": "agent"})
    budget = pl.ok("POST", "/api/v1/budgets", json={
        "scope": "api_key", "scope_id": key["id"], "amount_usd": 1, "period": "daily"})
    models = {}
    for upstream in ("slow-answer", "stall-stream"):
        models[upstream] = pl.ok("POST", "/api/v1/ai-models", json={
            "name": f"{upstream}-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": upstream,
            "prices": {"input": 1, "output": 1}})["name"]
    c = client(pl, key["key"])
    # An answer that does not come: 504, which the SDK raises as a server
    # error, in OpenAI's shape.
    with pytest.raises(openai.InternalServerError) as e:
        c.chat.completions.create(model=models["slow-answer"], max_tokens=10,
                                  messages=[{"role": "user", "content": "x"}])
    assert e.value.status_code == 504 and "did not answer in time" in str(e.value), e.value
    # A stream that falls silent: the events that came, then an error event
    # the SDK raises.
    got = []
    with pytest.raises(openai.APIError) as e:
        for chunk in c.chat.completions.create(model=models["stall-stream"], max_tokens=10, stream=True,
                                               messages=[{"role": "user", "content": "x"}]):
            got.append(chunk)
    assert got and "broke off (timed out)" in str(e.value), (got, e.value)
    rows = {r["requested_model"]: r for r in events(pl, 200)
            if r["api_key_id"] == key["id"]}
    assert (rows[models["slow-answer"]]["outcome"], rows[models["slow-answer"]]["status"]) == ("provider_error", 504)
    assert (rows[models["stall-stream"]]["outcome"], rows[models["stall-stream"]]["streamed"]) == ("provider_error", True)
    # Nothing is held for either: the stall settled to nothing reported.
    events(pl)
    after = pl.ok("GET", f"/api/v1/budgets/{budget['id']}")
    assert (after["reserved_nanousd"], after["spent_nanousd"]) == (0, 0), after
    # Back to the default; and a clear refusal of a timeout out of range.
    assert pl.ok("PATCH", f"/api/v1/ai-providers/{s['provider']['id']}", json={"timeout_ms": None})["timeout_ms"] == 600_000
    r = pl.api("PATCH", f"/api/v1/ai-providers/{s['provider']['id']}", json={"timeout_ms": 5})
    assert r.status_code == 400 and "timeout_ms must be from 1000" in r.text, r.text


def test_a_provider_key_is_rotated_and_a_model_repriced_in_place(pl, provider):
    m = marker()
    prov = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": f"r-{m}", "kind": "openai-compatible", "base_url": provider.url, "api_key": "sk-old-revoked-key-0000"})
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"r-{m}", "provider_id": prov["id"], "upstream_model": "gpt-4o-mini"})
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"r-{m}", "role": "agent"})["key"]
    c = client(pl, key)
    with pytest.raises(openai.APIStatusError) as e:
        c.chat.completions.create(model=model["name"], messages=[{"role": "user", "content": "x"}])
    assert e.value.status_code == 502 and "did not accept the key" in str(e.value), e.value
    # Sent elsewhere, a key could be read there: a new address needs the key again.
    r = pl.api("PATCH", f"/api/v1/ai-providers/{prov['id']}", json={"base_url": "http://127.0.0.1:9/v1"})
    assert r.status_code == 400 and "needs the key again" in r.text, r.text
    assert pl.ok("GET", f"/api/v1/ai-providers/{prov['id']}")["base_url"] == provider.url
    rotated = pl.ok("PATCH", f"/api/v1/ai-providers/{prov['id']}", json={"api_key": PROVIDER_KEY})
    assert rotated["api_key_hint"] == "…WXYZ" and PROVIDER_KEY not in json.dumps(rotated), rotated
    # Its own prices now, USD 1 and 2 per million: 19·1000 + 10·2000.
    repriced = pl.ok("PATCH", f"/api/v1/ai-models/{model['id']}", json={"prices": {"input": 1, "output": 2}})
    assert repriced["price_source"] == "model", repriced
    r = c.chat.completions.with_raw_response.create(model=model["name"], messages=[{"role": "user", "content": "x"}])
    assert ledger(pl, r.headers["x-preloop-request-id"])["cost_nanousd"] == 19 * 1000 + 10 * 2000
    # Back to the shipped table's price.
    assert pl.ok("PATCH", f"/api/v1/ai-models/{model['id']}", json={"prices": None})["price_source"] == "table"
    r = c.chat.completions.with_raw_response.create(model=model["name"], messages=[{"role": "user", "content": "x"}])
    assert ledger(pl, r.headers["x-preloop-request-id"])["cost_nanousd"] == FIXTURE_COST_NANO
    r = pl.api("PATCH", f"/api/v1/ai-models/{model['id']}", json={"provider_id": "nope"})
    assert r.status_code == 400 and "provider_id" in r.text
    r = pl.api("PATCH", f"/api/v1/ai-models/{model['id']}", json={"price": 1})
    assert r.status_code == 400, r.text


def test_a_caller_that_hangs_up_stops_the_provider_and_is_settled_as_cancelled(pl, provider):
    if pl.edge:
        pytest.skip("a Worker or Spin component is not told that its client went away (its stream is dropped "
                    "unannounced): the row is closed by the scheduled sweep instead (interrupted, its hold "
                    "counted in full)")
    s = setup_models(pl, provider)
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"h-{marker()}", "role": "agent"})
    budget = pl.ok("POST", "/api/v1/budgets", json={
        "scope": "api_key", "scope_id": key["id"], "amount_usd": 1, "period": "daily"})
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"h-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "stall-stream",
        "prices": {"input": 1, "output": 1}})["name"]
    with httpx.stream("POST", f"{pl.url}/openai/v1/chat/completions", headers={"Authorization": f"Bearer {key['key']}"},
                      json={"model": model, "max_tokens": 10, "stream": True,
                            "messages": [{"role": "user", "content": "x"}]}) as r:
        rid = r.headers["x-preloop-request-id"]
        next(r.iter_raw())
    # Hung up while the provider is silent: settled as cancelled (a stream
    # left running would have ended, and been settled, as ok).
    row = ledger(pl, rid)
    assert (row["outcome"], row["status"], row["streamed"]) == ("cancelled", 499, True), row
    after = pl.ok("GET", f"/api/v1/budgets/{budget['id']}")
    assert (after["reserved_nanousd"], after["spent_nanousd"]) == (0, 0), after


def test_fifty_parallel_requests_never_spend_past_a_budget_that_covers_seven(pl, provider, http_sink):
    from concurrent.futures import ThreadPoolExecutor

    hook = f"/budget/{marker()}"
    channel = pl.ok("POST", "/api/v1/notification-channels", json={
        "kind": "webhook", "name": f"hook-{marker()}",
        "config": {"url": f"{http_sink.url}{hook}", "secret": SINK_SECRET}})
    s = setup_models(pl, provider)
    # Output only is priced (USD 1 per million tokens = 1000 nano-dollars a
    # token) and every answer has 10 output tokens: a request with
    # max_tokens 10 can cost at most what it does cost, 10,000 nano-dollars.
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"b-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "gpt-4o-mini",
        "prices": {"input": 0, "output": 1}})
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"b-{marker()}", "role": "agent"})
    budget = pl.ok("POST", "/api/v1/budgets", json={
        "scope": "api_key", "scope_id": key["id"], "amount_usd": 0.00007, "period": "daily", "soft_limit_pct": 50})
    assert budget["amount_nanousd"] == 70_000 and budget["left_usd"] == "0.000070000"

    def one(_):
        r = httpx.post(f"{pl.url}/openai/v1/chat/completions", headers={"Authorization": f"Bearer {key['key']}"},
                       json={"model": model["name"], "max_tokens": 10, "messages": [{"role": "user", "content": "Hello"}]},
                       timeout=60)
        return r

    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(one, range(50)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses.count(200) == 7 and statuses.count(429) == 43, statuses
    refusal = next(r for r in answers if r.status_code == 429).json()["error"]
    assert refusal["code"] == "budget_exceeded" and "budget exceeded" in refusal["message"] and "left" in refusal["message"]
    # Past half the budget, answers carry the warning, and the account is
    # told once on its channels, signed, however many requests crossed.
    assert any("x-preloop-budget-warning" in r.headers for r in answers if r.status_code == 200)
    told = http_sink.wait_for(lambda r: r["path"] == hook, timeout=30)[0]
    assert told["signature_valid"] and told["headers"].get("x-preloop-event") == "budget.soft_limit", told
    assert (told["body"]["budget_id"], told["body"]["soft_limit_pct"], told["body"]["amount_usd"]) == (
        budget["id"], 50, "0.000070000"), told
    time.sleep(1)
    assert len([r for r in http_sink.records() if r["path"] == hook]) == 1
    pl.ok("DELETE", f"/api/v1/notification-channels/{channel['id']}")
    events(pl)
    after = pl.ok("GET", f"/api/v1/budgets/{budget['id']}")
    assert (after["spent_nanousd"], after["reserved_nanousd"]) == (70_000, 0), after
    rows = [e for e in events(pl, 1000) if e["api_key_id"] == key["id"]]
    assert len(rows) == 50
    assert sum(r["cost_nanousd"] or 0 for r in rows if r["outcome"] == "ok") == after["spent_nanousd"]
    assert sorted({r["outcome"] for r in rows}) == ["ok", "refused"]
    # The SDK reads the refusal as a rate limit.
    with pytest.raises(openai.RateLimitError):
        client(pl, key["key"]).chat.completions.create(model=model["name"], max_tokens=10, messages=[{"role": "user", "content": "x"}])


def test_under_a_budget_a_request_needs_an_output_limit_and_a_price(pl, provider):
    s = setup_models(pl, provider)
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"b-{marker()}", "role": "agent"})
    pl.ok("POST", "/api/v1/budgets", json={"scope": "api_key", "scope_id": key["id"], "amount_usd": 5, "period": "monthly"})
    c = client(pl, key["key"])
    with pytest.raises(openai.BadRequestError) as e:
        c.chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "x"}])
    assert e.value.code == "output_limit_required"
    # A model with an output limit puts it on the request.
    limited = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"l-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "gpt-4o-mini", "max_output_tokens": 64})
    c.chat.completions.create(model=limited["name"], messages=[{"role": "user", "content": "x"}])
    assert provider.requests()[-1]["body"]["max_tokens"] == 64
    # Budgets are checked: an unknown agent, a bad amount.
    r = pl.api("POST", "/api/v1/budgets", json={"scope": "agent", "scope_id": "nope", "amount_usd": 1, "period": "daily"})
    assert r.status_code == 400
    r = pl.api("POST", "/api/v1/budgets", json={"scope": "account", "amount_usd": -1, "period": "daily"})
    assert r.status_code == 400


def setup_anthropic(pl, provider) -> dict:
    m = marker()
    prov = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": f"a-{m}", "kind": "anthropic", "base_url": provider.url, "api_key": PROVIDER_KEY})
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"sonnet-{m}", "provider_id": prov["id"], "upstream_model": "claude-sonnet-4-5-20250929"})
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"agent-{m}", "role": "agent"})["key"]
    return {"provider": prov, "model": model, "name": model["name"], "key": key}


# claude-sonnet-4-5 in the shipped table: USD 3 in, 15 out per million
# tokens (under 200k prompt tokens); the fixtures use 12 and 12.
SONNET_COST_NANO = 12 * 3000 + 12 * 15000


def test_anthropic_sdk_messages_sync_async_and_streamed(pl, provider):
    s = setup_anthropic(pl, provider)
    assert s["model"]["price_source"] == "table"
    c = anthropic.Anthropic(base_url=f"{pl.url}/anthropic", api_key=s["key"], max_retries=0)
    raw = c.messages.with_raw_response.create(model=s["name"], max_tokens=100, messages=[{"role": "user", "content": "Hello"}])
    message = raw.parse()
    assert message.content[0].text == "Hello! How can I help you today?" and message.stop_reason == "end_turn"
    assert raw.headers["x-preloop-cost-usd"] == f"0.{SONNET_COST_NANO:09d}"
    sent = provider.requests()[-1]
    assert sent["path"] == "/v1/messages" and sent["x-api-key"] == PROVIDER_KEY
    # The SDK's API version is passed on; a caller that names none gets 2023-06-01.
    assert sent["anthropic-version"] == raw.http_request.headers["anthropic-version"] and sent["authorization"] is None
    assert sent["body"]["model"] == "claude-sonnet-4-5-20250929"
    row = ledger(pl, raw.headers["x-preloop-request-id"])
    assert (row["endpoint"], row["input_tokens"], row["output_tokens"], row["cost_nanousd"]) == (
        "/anthropic/v1/messages", 12, 12, SONNET_COST_NANO)
    # Streamed, through the SDK's own stream helper.
    with c.messages.stream(model=s["name"], max_tokens=100, messages=[{"role": "user", "content": "Hello"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "Hello! How can I help you today?" and final.usage.output_tokens == 12

    async def run():
        ac = anthropic.AsyncAnthropic(base_url=f"{pl.url}/anthropic", api_key=s["key"], max_retries=0)
        stream = await ac.messages.create(
            model=s["name"], max_tokens=100, stream=True, messages=[{"role": "user", "content": "Weather in Paris?"}],
            tools=[{"name": "get_weather", "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}}}])
        pieces, stop = [], None
        async for e in stream:
            if e.type == "content_block_delta" and e.delta.type == "input_json_delta":
                pieces.append(e.delta.partial_json)
            if e.type == "message_delta":
                stop = e.delta.stop_reason
        return json.loads("".join(pieces)), stop

    arguments, stop = asyncio.run(run())
    assert arguments == {"location": "Paris, France"} and stop == "tool_use"
    rows = [e for e in events(pl) if e["requested_model"] == s["name"] and e["streamed"]]
    assert sorted((r["input_tokens"], r["output_tokens"]) for r in rows) == [(12, 12), (390, 40)]
    r = pl.http.post("/anthropic/v1/messages", headers={"x-api-key": s["key"]},
                     json={"model": s["name"], "max_tokens": 10, "messages": [{"role": "user", "content": "x"}]})
    assert r.status_code == 200 and provider.requests()[-1]["anthropic-version"] == "2023-06-01"
    # Counting tokens is passed on, and recorded with no cost.
    count = c.messages.with_raw_response.count_tokens(model=s["name"], messages=[{"role": "user", "content": "Hello"}])
    assert count.parse().input_tokens == 14 and "x-preloop-cost-usd" not in count.headers
    row = ledger(pl, count.headers["x-preloop-request-id"])
    assert (row["endpoint"], row["outcome"], row["cost_nanousd"]) == ("/anthropic/v1/messages/count_tokens", "ok", None)
    # The models list in Anthropic's shape.
    assert s["name"] in [m.id for m in c.models.list().data]


def test_anthropic_errors_come_in_anthropic_shape(pl, provider):
    s = setup_anthropic(pl, provider)
    c = anthropic.Anthropic(base_url=f"{pl.url}/anthropic", api_key=s["key"], max_retries=0)
    with pytest.raises(anthropic.NotFoundError) as e:
        c.messages.create(model=f"nope-{marker()}", max_tokens=10, messages=[{"role": "user", "content": "x"}])
    assert e.value.body["type"] == "error" and e.value.body["error"]["type"] == "not_found_error"
    with pytest.raises(anthropic.AuthenticationError):
        anthropic.Anthropic(base_url=f"{pl.url}/anthropic", api_key="pl_nope", max_retries=0).messages.create(
            model=s["name"], max_tokens=10, messages=[{"role": "user", "content": "x"}])
    # Counting tokens of an OpenAI-format model has no counterpart, and
    # says where the model is.
    o = setup_models(pl, provider)
    r = pl.http.post("/anthropic/v1/messages/count_tokens", headers={"x-api-key": s["key"]},
                     json={"model": o["name"], "messages": [{"role": "user", "content": "x"}]})
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"
    assert "/openai/v1/chat/completions" in r.json()["error"]["message"]
    cut = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"c-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "cut-stream",
        "prices": {"input": 1, "output": 1}})
    with pytest.raises(anthropic.APIError):
        for _ in c.messages.create(model=cut["name"], max_tokens=10, stream=True, messages=[{"role": "user", "content": "x"}]):
            pass
    row = next(r for r in events(pl) if r["requested_model"] == cut["name"])
    assert (row["outcome"], row["input_tokens"]) == ("provider_error", 12)


def test_responses_and_embeddings_through_the_openai_sdk(pl, provider):
    s = setup_models(pl, provider)
    c = client(pl, s["key"])
    raw = c.responses.with_raw_response.create(model=s["name"], input="Hello")
    response = raw.parse()
    assert response.output_text == "Hello! How can I help you today?"
    row = ledger(pl, raw.headers["x-preloop-request-id"])
    # 9 prompt and 10 output tokens of gpt-4o-mini.
    assert (row["endpoint"], row["input_tokens"], row["output_tokens"], row["cost_nanousd"]) == (
        "/openai/v1/responses", 9, 10, 9 * 150 + 10 * 600)
    # Streamed: the SDK's typed events, usage from response.completed.
    typed = list(c.responses.create(model=s["name"], input="Hello", stream=True))
    assert typed[0].type == "response.created" and typed[-1].type == "response.completed"
    assert "".join(e.delta for e in typed if e.type == "response.output_text.delta") == "Hello! How can I help you today?"
    streamed = [e for e in events(pl)
                if e["endpoint"] == "/openai/v1/responses" and e["streamed"] and e["requested_model"] == s["name"]]
    assert [(r["outcome"], r["output_tokens"]) for r in streamed] == [("ok", 10)]
    # Embeddings (the SDK asks for base64 and decodes it).
    m = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"emb-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "text-embedding-3-small"})
    raw = c.embeddings.with_raw_response.create(model=m["name"], input="Hello world", dimensions=8)
    vector = raw.parse().data[0].embedding
    assert len(vector) == 8 and abs(vector[1] - 0.0152854) < 1e-6
    row = ledger(pl, raw.headers["x-preloop-request-id"])
    # 5 prompt tokens at USD 0.02 per million.
    assert (row["input_tokens"], row["output_tokens"], row["cost_nanousd"]) == (5, 0, 5 * 20)
    # Under a budget, embeddings need no output limit.
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"e-{marker()}", "role": "agent"})
    pl.ok("POST", "/api/v1/budgets", json={"scope": "api_key", "scope_id": key["id"], "amount_usd": 1, "period": "total"})
    assert client(pl, key["key"]).embeddings.create(model=m["name"], input="Hello world", dimensions=8).data


def test_the_usage_summary_adds_up_the_ledger(pl, provider):
    s = setup_models(pl, provider)
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"s-{marker()}", "role": "agent"})
    c = client(pl, key["key"])
    for _ in range(2):
        c.chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "Hello"}])
    with pytest.raises(openai.NotFoundError):
        c.chat.completions.create(model=f"nope-{marker()}", messages=[{"role": "user", "content": "x"}])
    events(pl)
    summary = pl.ok("GET", "/api/v1/usage/summary", params={"by": "api_key"})
    mine = next(g for g in summary["groups"] if g["key"] == key["id"])
    assert (mine["requests"], mine["refused"], mine["failed"]) == (3, 1, 0)
    assert (mine["input_tokens"], mine["output_tokens"], mine["cost_nanousd"]) == (38, 20, 2 * FIXTURE_COST_NANO)
    assert mine["cost_usd"] == f"0.{2 * FIXTURE_COST_NANO:09d}"
    by_model = pl.ok("GET", "/api/v1/usage/summary", params={"by": "model"})
    assert next(g for g in by_model["groups"] if g["key"] == s["name"])["requests"] >= 2
    assert pl.api("GET", "/api/v1/usage/summary", params={"by": "color"}).status_code == 400
    assert pl.api("GET", "/api/v1/usage/summary", params={"from": 10, "to": 5}).status_code == 400


def test_the_narrowest_model_list_decides_what_a_caller_may_use(pl, provider):
    s = setup_models(pl, provider)
    other = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"other-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "gpt-4o-mini"})
    agent = pl.ok("POST", "/api/v1/agents", json={"name": f"bot-{marker()}"})
    agent_key = pl.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "k"})
    narrowed = pl.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "k2"})
    # The agent may use one model; one of its keys another.
    pl.ok("PUT", "/api/v1/model-access", json={"scope": "agent", "scope_id": agent["id"], "models": [s["name"]]})
    pl.ok("PUT", "/api/v1/model-access", json={"scope": "api_key", "scope_id": narrowed["id"], "models": [other["name"]]})
    c = client(pl, agent_key["key"])
    listed = [m.id for m in c.models.list().data]
    assert listed == [s["name"]]
    c.chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.PermissionDeniedError) as e:
        c.chat.completions.create(model=other["name"], messages=[{"role": "user", "content": "x"}])
    assert e.value.code == "model_not_allowed"
    n = client(pl, narrowed["key"])
    assert [m.id for m in n.models.list().data] == [other["name"]]
    n.chat.completions.create(model=other["name"], messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.PermissionDeniedError):
        n.chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "x"}])
    refused = [r for r in events(pl) if r["api_key_id"] == narrowed["id"]]
    assert sorted((r["outcome"], r["status"]) for r in refused) == [("ok", 200), ("refused", 403)]
    # Removing the key's list hands it back to its agent's.
    r = pl.api("DELETE", f"/api/v1/model-access/api_key/{narrowed['id']}")
    assert r.status_code == 204
    assert [m.id for m in n.models.list().data] == [s["name"]]
    assert pl.api("PUT", "/api/v1/model-access", json={"scope": "agent", "scope_id": "nope", "models": []}).status_code == 400


def test_runtime_tokens_are_short_lived_narrow_and_attributed(pl, provider):
    import time

    s = setup_models(pl, provider)
    agent = pl.ok("POST", "/api/v1/agents", json={"name": f"run-{marker()}"})
    execution = f"exec-{marker()}"
    assert pl.api("POST", "/api/v1/runtime-tokens", json={"ttl_seconds": 86_401}).status_code == 400
    issued = pl.ok("POST", "/api/v1/runtime-tokens", json={
        "agent_id": agent["id"], "flow_id": "nightly-triage", "flow_execution_id": execution,
        "ttl_seconds": 120, "models": [s["name"]], "budget_usd": 1})
    token = issued["token"]
    assert token.startswith("pl_") and token not in pl.api("GET", "/api/v1/runtime-tokens").text
    assert any(t["id"] == issued["id"] for t in pl.ok("GET", "/api/v1/runtime-tokens")["runtime_tokens"])
    c = client(pl, token)
    raw = c.chat.completions.with_raw_response.create(
        model=s["name"], max_tokens=10, messages=[{"role": "user", "content": "Hello"}])
    row = ledger(pl, raw.headers["x-preloop-request-id"])
    assert (row["agent_id"], row["flow_id"], row["flow_execution_id"]) == (agent["id"], "nightly-triage", execution)
    # Its budget held the request, and its own model list applies.
    budget = next(b for b in pl.ok("GET", "/api/v1/budgets")["budgets"] if b["scope_id"] == issued["id"])
    assert budget["spent_nanousd"] == FIXTURE_COST_NANO and budget["period"] == "total"
    other = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"o-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": "gpt-4o-mini"})
    with pytest.raises(openai.PermissionDeniedError):
        c.chat.completions.create(model=other["name"], max_tokens=10, messages=[{"role": "user", "content": "x"}])
    # Models only: it is no way into the tools.
    r = pl.http.post("/mcp/v1", headers={"Authorization": f"Bearer {token}", "Accept": "application/json, text/event-stream"},
                     json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                         "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}})
    assert r.status_code == 403, r.text
    # A budget on the flow execution covers every token issued for it.
    pl.ok("POST", "/api/v1/budgets", json={"scope": "flow_execution", "scope_id": execution, "amount_usd": 0.000001, "period": "total"})
    with pytest.raises(openai.RateLimitError) as e:
        c.chat.completions.create(model=s["name"], max_tokens=10, messages=[{"role": "user", "content": "x"}])
    assert "flow_execution budget" in str(e.value)
    events(pl)
    by_execution = pl.ok("GET", "/api/v1/usage/summary", params={"by": "flow_execution"})
    mine = next(g for g in by_execution["groups"] if g["key"] == execution)
    assert (mine["requests"], mine["refused"], mine["cost_nanousd"]) == (3, 2, FIXTURE_COST_NANO)
    of_execution = pl.ok("GET", f"/api/v1/flows/executions/{execution}/gateway-events")
    # Its refused request is the execution's too.
    assert [(e["id"], e["outcome"]) for e in of_execution["events"]][0] == (row["id"], "ok")
    assert [e["outcome"] for e in of_execution["events"]] == ["ok", "refused", "refused"]
    assert of_execution["total_cost_nanousd"] == FIXTURE_COST_NANO
    # Expired: refused (a token of its own, so that a slow run of the steps
    # above cannot outlast the first one's lifetime).
    brief = pl.ok("POST", "/api/v1/runtime-tokens", json={"agent_id": agent["id"], "ttl_seconds": 1})
    time.sleep(1.2)
    with pytest.raises(openai.AuthenticationError):
        client(pl, brief["token"]).models.list()
    # Revoked: refused.
    second = pl.ok("POST", "/api/v1/runtime-tokens", json={"agent_id": agent["id"]})
    client(pl, second["token"]).models.list()
    assert pl.api("DELETE", f"/api/v1/runtime-tokens/{second['id']}").status_code == 204
    with pytest.raises(openai.AuthenticationError):
        client(pl, second["token"]).models.list()


def test_an_openai_client_uses_an_anthropic_model_through_translation(pl, provider):
    s = setup_anthropic(pl, provider)
    c = client(pl, s["key"])
    raw = c.chat.completions.with_raw_response.create(
        model=s["name"], max_tokens=100,
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}])
    done = raw.parse()
    assert done.choices[0].message.content == "Hello! How can I help you today?"
    assert done.choices[0].finish_reason == "stop" and done.model == s["name"]
    assert (done.usage.prompt_tokens, done.usage.completion_tokens) == (12, 12)
    assert raw.headers["x-preloop-cost-usd"] == f"0.{SONNET_COST_NANO:09d}"
    sent = provider.requests()[-1]
    assert sent["path"] == "/v1/messages" and sent["x-api-key"] == PROVIDER_KEY
    assert sent["body"]["system"] == "Be brief." and sent["body"]["max_tokens"] == 100
    assert sent["body"]["messages"] == [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]
    # Streamed, with the usage the caller asked for.
    chunks = list(c.chat.completions.create(
        model=s["name"], max_tokens=100, stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "Hello"}]))
    assert "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices) == "Hello! How can I help you today?"
    assert [ch.choices[0].finish_reason for ch in chunks if ch.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 12
    # A tool round trip: the call streamed back in OpenAI's shape, and the
    # result sent on as Anthropic's.
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object", "properties": {"location": {"type": "string"}}}}}]
    pieces, finish, call_id = [], None, None
    for ch in c.chat.completions.create(model=s["name"], max_tokens=100, stream=True, tools=tools,
                                        messages=[{"role": "user", "content": "Weather in Paris?"}]):
        for choice in ch.choices:
            for call in choice.delta.tool_calls or []:
                call_id = call.id or call_id
                pieces.append(call.function.arguments or "")
            finish = choice.finish_reason or finish
    assert json.loads("".join(pieces)) == {"location": "Paris, France"} and finish == "tool_calls"
    assert call_id == "toolu_01T1x1fJ34qAmk2tNTrN7Up6"
    c.chat.completions.create(model=s["name"], max_tokens=100, tools=tools, messages=[
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": call_id, "type": "function", "function": {
            "name": "get_weather", "arguments": "{\"location\": \"Paris, France\"}"}}]},
        {"role": "tool", "tool_call_id": call_id, "content": "18°C, sunny"}])
    sent = provider.requests()[-1]["body"]
    assert sent["tools"] == [{"name": "get_weather", "input_schema": tools[0]["function"]["parameters"]}]
    assert sent["messages"][1]["content"] == [{"type": "tool_use", "id": call_id, "name": "get_weather", "input": {"location": "Paris, France"}}]
    assert sent["messages"][2] == {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call_id, "content": "18°C, sunny"}]}
    # What has no counterpart is refused, not dropped.
    with pytest.raises(openai.BadRequestError) as e:
        c.chat.completions.create(model=s["name"], n=2, messages=[{"role": "user", "content": "x"}])
    assert e.value.code == "not_translatable"


def test_hostile_bodies_are_refused_and_the_gateway_serves_on(pl, provider):
    s = setup_models(pl, provider)
    h = {"Authorization": f"Bearer {s['key']}", "content-type": "application/json"}
    deep = '{"model": "x", "messages": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = pl.http.post("/openai/v1/chat/completions", headers=h, content=deep)
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"
    r = pl.http.post("/anthropic/v1/messages", headers=h, content="{" * 50_000)
    assert r.status_code == 400 and r.json()["type"] == "error"
    r = pl.http.post("/openai/v1/chat/completions", headers=h, json={"model": "m" * 10_000, "messages": []})
    assert r.status_code == 400
    r = pl.http.post("/openai/v1/chat/completions", headers=h, json=["not", "an", "object"])
    assert r.status_code == 400
    # …and a real request still goes through.
    done = client(pl, s["key"]).chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "Hello"}])
    assert done.choices[0].message.content.startswith("Hello!")


def test_a_hostile_provider_is_cut_off_and_the_gateway_serves_on(pl, provider):
    s = setup_models(pl, provider)
    names = {}
    for upstream in ("huge-event", "huge-answer"):
        names[upstream] = pl.ok("POST", "/api/v1/ai-models", json={
            "name": f"{upstream}-{marker()}", "provider_id": s["provider"]["id"], "upstream_model": upstream,
            "prices": {"input": 1, "output": 1}})["name"]
    c = client(pl, s["key"])
    # An event that never ends is not held past 4 MiB: the stream is cut
    # with an error event the SDK raises.
    got = []
    with pytest.raises(openai.APIError) as e:
        for chunk in c.chat.completions.create(model=names["huge-event"], stream=True,
                                               messages=[{"role": "user", "content": "x"}]):
            got.append(chunk)
    assert len(got) == 1 and "longer than 4194304 bytes" in str(e.value), (got, e.value)
    # An answer past the upstream limit (16 MiB) is refused whole.
    with pytest.raises(openai.InternalServerError) as e:
        c.chat.completions.create(model=names["huge-answer"], messages=[{"role": "user", "content": "x"}])
    assert e.value.status_code == 502 and "larger than 16777216 bytes" in str(e.value), e.value
    rows = {r["requested_model"]: r for r in events(pl)}
    assert all(rows[n]["outcome"] == "provider_error" for n in names.values()), rows
    # …and the gateway serves on.
    done = c.chat.completions.create(model=s["name"], messages=[{"role": "user", "content": "Hello"}])
    assert done.choices[0].message.content.startswith("Hello!")


def test_an_anthropic_client_uses_an_openai_model_through_translation(pl, provider):
    s = setup_models(pl, provider)
    c = anthropic.Anthropic(base_url=f"{pl.url}/anthropic", api_key=s["key"], max_retries=0)
    raw = c.messages.with_raw_response.create(
        model=s["name"], max_tokens=100, system="Be brief.", messages=[{"role": "user", "content": "Hello"}])
    message = raw.parse()
    assert message.content[0].text == "Hello! How can I assist you today?" and message.stop_reason == "end_turn"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (19, 10) and message.model == s["name"]
    assert raw.headers["x-preloop-cost-usd"] == f"0.{FIXTURE_COST_NANO:09d}"
    sent = provider.requests()[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["authorization"] == f"Bearer {PROVIDER_KEY}"
    assert sent["body"]["messages"] == [{"role": "system", "content": "Be brief."},
                                        {"role": "user", "content": [{"type": "text", "text": "Hello"}]}]
    assert sent["body"]["max_tokens"] == 100
    # Streamed, through the SDK's own helper: text, then usage.
    with c.messages.stream(model=s["name"], max_tokens=100, messages=[{"role": "user", "content": "Hello"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "Hello! How can I assist you today?"
    assert final.usage.output_tokens == 10 and final.stop_reason == "end_turn"
    assert provider.requests()[-1]["body"]["stream_options"] == {"include_usage": True}
    # A streamed tool use, its input in pieces, and the round trip back.
    tools = [{"name": "get_weather", "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}}}]
    with c.messages.stream(model=s["name"], max_tokens=100, tools=tools,
                           messages=[{"role": "user", "content": "Weather in Paris?"}]) as stream:
        final = stream.get_final_message()
    use = next(b for b in final.content if b.type == "tool_use")
    assert use.input == {"location": "Paris, France"} and use.name == "get_weather" and final.stop_reason == "tool_use"
    c.messages.create(model=s["name"], max_tokens=100, tools=tools, messages=[
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": use.id, "name": "get_weather", "input": use.input}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "18°C, sunny"}]}])
    sent = provider.requests()[-1]["body"]
    assert sent["tools"] == [{"type": "function", "function": {"name": "get_weather", "parameters": tools[0]["input_schema"]}}]
    assert sent["messages"][1]["tool_calls"][0]["id"] == use.id
    assert sent["messages"][2] == {"role": "tool", "tool_call_id": use.id, "content": "18°C, sunny"}
    with pytest.raises(anthropic.BadRequestError) as e:
        c.messages.create(model=s["name"], max_tokens=10, extra_body={"top_k": 5}, messages=[{"role": "user", "content": "x"}])
    assert e.value.body["error"]["detail"]["code"] == "not_translatable"
