//! Every reply decoder, fed mutated and random bodies: each must give a value or an error, never
//! a panic. Each decoder starts from a realistic body; the cases are every node replaced by
//! null and by each wrong type, every key removed, the text cut at every byte, and seeded
//! random byte-level damage (invalid UTF-8, lone surrogates, huge numbers, deep nesting).
//! Deterministic: a failure names the decoder and the body, and reproduces.
//!
//! A new decoder joins by adding a line to `rest_decoders` or `houston_decoders`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::api::Reply;
use crate::api::astro::{self, Page};
use crate::api::houston;
use crate::error::Result;

/// Reads a reply the way the client does; the value itself is dropped.
type DecodeFn = Box<dyn Fn(&Reply) -> Result<()>>;

/// One decoder as the client runs it on a reply.
struct Decoder {
    name: String,
    sample: Value,
    decode: DecodeFn,
}

/// `decode::<T>` on a REST reply, as `AstroRest::get` and `post` run it.
fn rest<T: DeserializeOwned>(name: &str, sample: Value) -> Decoder {
    Decoder {
        name: format!("astro {name}"),
        sample,
        decode: Box::new(|reply| astro::decode::<T>(reply).map(drop)),
    }
}

/// `data.<field>` as `T`, as `Houston::execute_as` reads it: `read_data`, then the field's type.
fn graphql<T: DeserializeOwned>(field: &'static str, value: Value) -> Decoder {
    Decoder {
        name: format!("houston {field}"),
        sample: json!({ "data": { field: value } }),
        decode: Box::new(move |reply| {
            let data = houston::read_data(reply, field)?;
            if !data.is_null() {
                serde_json::from_value::<T>(data)
                    .map_err(|e| crate::error::Error::Api(e.to_string()))?;
            }
            Ok(())
        }),
    }
}

fn token() -> Value {
    json!({
        "id": "cltok1", "name": "ci", "description": "d", "scope": "WORKSPACE",
        "roles": [{"entityId": "ws1", "entityType": "WORKSPACE", "role": "WORKSPACE_ADMIN", "deploymentId": "d1"}],
        "token": "secret", "createdAt": "2024-01-01T00:00:00Z",
        "createdBy": {"fullName": "Ada", "apiTokenName": "bot"},
        "endAt": "2025-01-01T00:00:00Z", "lastUsedAt": "2024-06-01T00:00:00.5Z",
        "expiryPeriodInDays": 30
    })
}

fn astro_user() -> Value {
    json!({
        "id": "u1", "username": "ada@example.com", "fullName": "Ada", "createdAt": "2024-01-01T00:00:00Z",
        "organizationRole": "ORGANIZATION_MEMBER",
        "workspaceRoles": [{"role": "WORKSPACE_MEMBER", "workspaceId": "ws1"}],
        "deploymentRoles": [{"deploymentId": "d", "role": "DEPLOYMENT_ADMIN"}], "dagRoles": []
    })
}

fn astro_team() -> Value {
    json!({
        "id": "t1", "name": "data", "description": "d", "organizationRole": "ORGANIZATION_MEMBER",
        "createdAt": "2024-01-01T00:00:00Z",
        "workspaceRoles": [{"role": "WORKSPACE_OPERATOR", "workspaceId": "ws1"}],
        "deploymentRoles": null, "dagRoles": [{}]
    })
}

fn astro_workspace() -> Value {
    json!({"id": "ws1", "name": "prod", "description": "d", "cicdEnforcedDefault": true})
}

fn organization() -> Value {
    json!({"id": "o1", "name": "Org", "product": "HOSTED"})
}

fn page(key: &str, item: Value) -> Value {
    json!({ key: [item.clone(), item], "totalCount": 2, "limit": 100, "offset": 0 })
}

fn rest_decoders() -> Vec<Decoder> {
    use astro::auth::{AuthConfig, SelfUser, TokenGrant};
    use astro::organizations::Organization;
    use astro::teams::Team;
    use astro::tokens::ApiToken;
    use astro::users::User;
    use astro::workspaces::Workspace;
    vec![
        rest::<ApiToken>("token (get, rotate, create, update)", token()),
        rest::<Page<ApiToken>>("token list page", page("tokens", token())),
        rest::<User>("user", astro_user()),
        rest::<Page<User>>("user list page", page("users", astro_user())),
        rest::<Team>("team", astro_team()),
        rest::<Page<Team>>("team list page", page("teams", astro_team())),
        rest::<Workspace>("workspace (get, create, update)", astro_workspace()),
        rest::<Page<Workspace>>("workspace list page", page("workspaces", astro_workspace())),
        rest::<Organization>("organization", organization()),
        rest::<Page<Organization>>("organization list", page("organizations", organization())),
        rest::<SelfUser>(
            "users/self",
            json!({"id": "u1", "username": "ada", "fullName": "Ada", "organizationId": "o1"}),
        ),
        rest::<AuthConfig>(
            "auth-config",
            json!({"clientId": "c", "audience": "a", "domainUrl": "https://auth.example.com/"}),
        ),
        Decoder {
            // Read straight from the body, whatever the content type, as `refresh_grant` does.
            name: "astro OAuth token grant".into(),
            sample: json!({"access_token": "a", "refresh_token": "r", "expires_in": 3600,
                "error": null, "error_description": ""}),
            decode: Box::new(|reply| {
                serde_json::from_slice::<TokenGrant>(&reply.body)
                    .map(drop)
                    .map_err(|e| crate::error::Error::Api(e.to_string()))
            }),
        },
        Decoder {
            name: "astro error body (any non-2xx)".into(),
            sample: json!({"message": "api token not found", "requestId": "r", "statusCode": 404}),
            decode: Box::new(|reply| {
                let _ = astro::api_error(reply).to_string();
                Ok(())
            }),
        },
    ]
}

fn houston_workspace() -> Value {
    json!({"id": "ckws1", "label": "prod", "description": "d"})
}

fn service_account() -> Value {
    json!({"id": "cksa1", "label": "ci", "category": "bots", "apiKey": "secret"})
}

fn role_binding() -> Value {
    json!({"role": "WORKSPACE_ADMIN", "workspace": {"id": "ckws1"}})
}

fn houston_user() -> Value {
    json!({"id": "cku1", "username": "ada", "fullName": "Ada",
        "emails": [{"address": "ada@example.com"}], "roleBindings": [role_binding()]})
}

fn houston_team() -> Value {
    json!({"id": "ckt1", "name": "data", "roleBindings": [role_binding()]})
}

fn houston_decoders() -> Vec<Decoder> {
    use houston::auth::AuthConfig;
    use houston::service_accounts::ServiceAccount;
    use houston::teams::Team;
    use houston::users::User;
    use houston::workspaces::Workspace;
    vec![
        graphql::<ServiceAccount>("createWorkspaceServiceAccount", service_account()),
        graphql::<Vec<ServiceAccount>>(
            "workspaceServiceAccounts",
            json!([service_account(), service_account()]),
        ),
        graphql::<ServiceAccount>("deleteWorkspaceServiceAccount", service_account()),
        graphql::<Workspace>("workspaceAddTeam", houston_workspace()),
        graphql::<String>("workspaceUpdateTeamRole", json!("WORKSPACE_VIEWER")),
        graphql::<Workspace>("workspaceRemoveTeam", houston_workspace()),
        graphql::<Vec<Team>>("workspaceTeams", json!([houston_team()])),
        graphql::<Team>("team", houston_team()),
        graphql::<Workspace>("workspaceAddUser", houston_workspace()),
        graphql::<Workspace>("workspaceRemoveUser", houston_workspace()),
        graphql::<Vec<User>>("workspaceUsers", json!([houston_user()])),
        graphql::<Vec<User>>("paginatedWorkspaceUsers", json!([houston_user()])),
        graphql::<String>("workspaceUpsertUserRole", json!("WORKSPACE_EDITOR")),
        graphql::<User>("workspaceUser", houston_user()),
        graphql::<Vec<Workspace>>("workspaces", json!([houston_workspace()])),
        graphql::<Vec<Workspace>>("paginatedWorkspaces", json!([houston_workspace()])),
        graphql::<Workspace>("createWorkspace", houston_workspace()),
        graphql::<Workspace>("deleteWorkspace", houston_workspace()),
        graphql::<Workspace>("workspace", houston_workspace()),
        graphql::<Workspace>("updateWorkspace", houston_workspace()),
        graphql::<houston::app_config::AppConfig>("appConfig", json!({"version": "0.35.2"})),
        graphql::<AuthConfig>(
            "authConfig",
            json!({"localEnabled": true,
                "providers": [{"name": "okta", "displayName": "Okta", "url": "https://x"}]}),
        ),
        // createToken is read into a shape local to `create_token`; its fields are plain
        // options, covered by the generic Value decode here.
        graphql::<Value>("createToken", json!({"token": {"value": "t"}})),
    ]
}

/// xorshift64*: a fixed seed per decoder, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Values of every JSON type, to put where something else belongs. Huge and odd numbers are
/// spliced in as text (a `Value` cannot hold them): see `ODD_NUMBERS`.
fn wrong_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1.5e300),
        json!(""),
        json!("x"),
        json!([]),
        json!([null]),
        json!({}),
        json!({"": null}),
    ]
}

const ODD_NUMBERS: [&str; 6] = [
    "1e999",
    "-1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890.5e-400",
    "-0",
];

/// Every node of `value`, as a JSON pointer.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The bodies one decoder is fed.
fn cases(sample: &Value, rng: &mut Rng) -> Vec<Vec<u8>> {
    let text = sample.to_string();
    let mut out: Vec<Vec<u8>> = vec![text.clone().into_bytes(), Vec::new()];
    let mut nodes = Vec::new();
    pointers(sample, String::new(), &mut nodes);
    for pointer in &nodes {
        for wrong in wrong_values() {
            let mut changed = sample.clone();
            if let Some(node) = changed.pointer_mut(pointer) {
                *node = wrong;
            }
            out.push(changed.to_string().into_bytes());
        }
        for odd in ODD_NUMBERS {
            let mut changed = sample.clone();
            if let Some(node) = changed.pointer_mut(pointer) {
                *node = json!("\u{1}ODD\u{1}");
            }
            let spliced = changed.to_string().replace("\"\\u0001ODD\\u0001\"", odd);
            out.push(spliced.into_bytes());
        }
        // Without this key.
        if let Some((parent, key)) = pointer.rsplit_once('/') {
            let mut changed = sample.clone();
            if let Some(Value::Object(map)) = changed.pointer_mut(parent) {
                map.remove(&key.replace("~1", "/").replace("~0", "~"));
            }
            out.push(changed.to_string().into_bytes());
        }
    }
    // Cut short at every byte: a connection that dropped mid-body.
    for cut in 0..text.len() {
        out.push(text.as_bytes()[..cut].to_vec());
    }
    // Seeded damage, a few blows each.
    const DAMAGE: [&[u8]; 9] = [
        b"\xff",
        b"\xc3",
        b"\xed\xa0\x80",
        b"\\ud800",
        b"\"\\ud800\"",
        b"\x00",
        b"null",
        b"}",
        b"\"",
    ];
    for _ in 0..64 {
        let mut bytes = out[rng.below(out.len())].clone();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 => {
                    let piece = DAMAGE[rng.below(DAMAGE.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
                1 if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
                2 if at < bytes.len() => {
                    let end = (at + 1 + rng.below(16)).min(bytes.len());
                    bytes.drain(at..end);
                }
                _ => {
                    let piece = ODD_NUMBERS[rng.below(ODD_NUMBERS.len())].as_bytes();
                    bytes.splice(at..at, piece.iter().copied());
                }
            }
        }
        out.push(bytes);
    }
    // Nesting past serde_json's depth limit, inside a field and as the whole body.
    let deep = format!("{}{}", "[".repeat(400), "]".repeat(400));
    out.push(deep.clone().into_bytes());
    if let Some(first) = nodes.get(1) {
        let mut changed = sample.clone();
        if let Some(node) = changed.pointer_mut(first) {
            *node = json!("\u{1}DEEP\u{1}");
        }
        out.push(
            changed
                .to_string()
                .replace("\"\\u0001DEEP\\u0001\"", &deep)
                .into_bytes(),
        );
    }
    out
}

#[test]
fn every_reply_decoder_survives_damaged_bodies() {
    let decoders: Vec<Decoder> = rest_decoders()
        .into_iter()
        .chain(houston_decoders())
        .collect();
    let mut failures = Vec::new();
    let mut count = 0;
    for (index, decoder) in decoders.iter().enumerate() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (index as u64 + 1));
        for body in cases(&decoder.sample, &mut rng) {
            for (status, content_type) in [
                (200, "application/json"),
                (200, "text/html"),
                (400, "application/json"),
            ] {
                count += 1;
                let reply = Reply {
                    status,
                    content_type: content_type.into(),
                    body: body.clone(),
                };
                let outcome = catch_unwind(AssertUnwindSafe(|| (decoder.decode)(&reply)));
                if outcome.is_err() {
                    failures.push(format!(
                        "{} panicked on {status} {content_type}: {}",
                        decoder.name,
                        String::from_utf8_lossy(&body)
                    ));
                }
            }
        }
    }
    assert!(count > 10_000, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} panics, first: {}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn the_samples_are_realistic_bodies_that_decode() {
    for decoder in rest_decoders().iter().chain(houston_decoders().iter()) {
        let reply = Reply {
            status: 200,
            content_type: "application/json".into(),
            body: decoder.sample.to_string().into_bytes(),
        };
        if decoder.name.starts_with("astro error body") {
            continue;
        }
        assert!((decoder.decode)(&reply).is_ok(), "{}", decoder.name);
    }
}
