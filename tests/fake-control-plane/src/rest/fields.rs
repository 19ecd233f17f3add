//! What the workspace, user and team handlers share: paging and body fields.

use super::Ctx;
use crate::http::Response;
use crate::state::PagingQuirks;
use serde_json::{Map, Value, json};

/// `limit` (default 20, at most `max_limit`) and `offset` (default 0) of a list request.
pub(crate) fn paging(ctx: &Ctx, max_limit: usize) -> Result<(usize, usize), Response> {
    let num = |name: &str, default: usize| -> Result<usize, Response> {
        match ctx.query(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| ctx.error(400, &format!("invalid {name}: {v:?}"))),
        }
    };
    Ok((num("limit", 20)?.min(max_limit), num("offset", 0)?))
}

/// One page of `items` under `key`, with `totalCount`, `limit` and `offset`, misbehaving as
/// `quirks` say.
pub(crate) fn page(
    quirks: &PagingQuirks,
    key: &str,
    items: Vec<Value>,
    limit: usize,
    offset: usize,
) -> Response {
    page_of(quirks, key, &items, Value::clone, limit, offset)
}

/// `page`, encoding only the items on the page (5,000-token lists stay fast).
pub(crate) fn page_of<T>(
    quirks: &PagingQuirks,
    key: &str,
    items: &[T],
    to_json: impl Fn(&T) -> Value,
    limit: usize,
    offset: usize,
) -> Response {
    if quirks.fail_offset == Some(offset) {
        return Response::json(
            503,
            &json!({"message": "injected fault: page unavailable", "statusCode": 503}),
        );
    }
    let total = items.len();
    let mut limit = quirks.max_page.map_or(limit, |max| limit.min(max));
    if quirks.short_at == Some(offset) {
        limit = limit.saturating_sub(1);
    }
    let end = quirks.stop_at.map_or(total, |stop| stop.min(total));
    let listed = if quirks.null_items {
        Value::Null
    } else {
        Value::Array(
            items[..end]
                .iter()
                .skip(offset)
                .take(limit)
                .map(to_json)
                .collect(),
        )
    };
    let Some(raw) = &quirks.total_count else {
        return Response::json(
            200,
            &json!({key: listed, "totalCount": total, "limit": limit, "offset": offset}),
        );
    };
    // The count as given, spliced in as text: a `Value` could not carry every number a
    // server might send.
    let rest = json!({key: listed, "limit": limit, "offset": offset}).to_string();
    let body = if raw.is_empty() {
        rest
    } else {
        format!("{{\"totalCount\":{raw},{}", &rest[1..])
    };
    let mut response = Response::json(200, &Value::Null);
    response.body = body.into_bytes();
    response
}

/// An optional string field; a non-string is a 400.
pub(crate) fn opt_str(
    ctx: &Ctx,
    body: &Map<String, Value>,
    name: &str,
) -> Result<Option<String>, Response> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ctx.error(
            400,
            &format!("invalid request body: {name} must be a string"),
        )),
    }
}

/// An optional array field; anything else is a 400.
pub(crate) fn opt_array(
    ctx: &Ctx,
    body: &Map<String, Value>,
    name: &str,
) -> Result<Option<Vec<Value>>, Response> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a.clone())),
        Some(_) => Err(ctx.error(
            400,
            &format!("invalid request body: {name} must be an array"),
        )),
    }
}
