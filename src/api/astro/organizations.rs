//! Organizations: `GET /organizations` and `GET /organizations/{id}` (login's choice of
//! organization; Go: cloud/auth.resolveActiveOrg).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{AstroRest, api_error, decode, null_default};
use crate::api::{Request, Retry};
use crate::error::Result;

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// `HOSTED` or `HYBRID`; absent means HYBRID (Go).
    #[serde(default)]
    pub product: Option<String>,
}

/// The answer to `GET /organizations/{id}`: the organization, or that it is gone for us.
#[derive(Debug, Clone, PartialEq)]
pub enum OrganizationLookup {
    Found(Organization),
    /// 403 or 404: membership revoked, organization deleted, or another account's leftover.
    Inaccessible,
}

impl AstroRest {
    /// `<base>/<segments…>?<query>`, outside `/organizations/{org}` (e.g. `/users/self`).
    pub(crate) fn root_url(&self, segments: &[&str], query: &[(&str, &str)]) -> reqwest::Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            let mut sorted = query.to_vec();
            sorted.sort_by_key(|(k, _)| *k);
            url.query_pairs_mut().extend_pairs(sorted);
        }
        url
    }

    /// A GET whose status the caller wants to see (200 → `Ok(Ok(reply))`).
    pub(crate) async fn get_reply(&self, url: reqwest::Url) -> Result<crate::api::Reply> {
        let request = Request {
            method: Method::GET,
            url,
            headers: self.headers.clone(),
            json_body: None,
            operation: None,
        };
        self.http.send(request, Retry::IdempotentRead).await
    }
}

impl AstroRest {
    pub async fn organization(&self, id: &str) -> Result<OrganizationLookup> {
        let reply = self
            .get_reply(self.root_url(&["organizations", id], &[]))
            .await?;
        match reply.status {
            200 => Ok(OrganizationLookup::Found(decode(&reply)?)),
            403 | 404 => Ok(OrganizationLookup::Inaccessible),
            _ => Err(api_error(&reply)),
        }
    }

    /// The first page of up to 100 organizations, as the Go CLI asks for it.
    pub async fn organizations(&self) -> Result<Vec<Organization>> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default, deserialize_with = "null_default")]
            organizations: Vec<Organization>,
        }
        let page: Page = self
            .get(self.root_url(&["organizations"], &[("limit", "100")]))
            .await?;
        Ok(page.organizations)
    }
}
