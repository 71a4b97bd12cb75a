#!/usr/bin/env python3
"""boto3 sets up the hosted UI against the emulator as it would against AWS: a user pool
domain (CreateUserPoolDomain, DescribeUserPoolDomain), an OIDC identity provider (the
emulator's mock IdP; CreateIdentityProvider, DescribeIdentityProvider, ListIdentityProviders)
and an app client's OAuth fields (UpdateUserPoolClient). Then a browser without JavaScript
(urllib with a cookie jar, redirects not followed) signs in through the mock IdP with a
login_hint, and the code is exchanged at /oauth2/token. Run with plain
`python3 tests/emulator/test_boto3_hosted_ui.py`; prints `N passed, N failed` and exits
non-zero on failure. The emulator binary: $COGNITO_EMULATOR_BIN or target/debug/cognito-emulator.
"""
import base64
import html
import http.cookiejar
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_boto3 import client, error_code, run_against_emulator  # noqa: E402  (the one emulator launcher, client and runner)

CALLBACK = "http://localhost:3000/callback"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def fetch(opener, url, data=None):
    """(status, Location, body) of one request."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, method="POST" if data is not None else "GET")
    if body is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, r.headers.get("Location"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location"), e.read().decode()


def submit(opener, base, page_url, fields):
    status, _, page = fetch(opener, page_url)
    assert status == 200, (status, page)
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', page).group(1))
    return fetch(opener, urllib.parse.urljoin(base, action), dict(fields, _csrf=csrf))


def claims(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def suite(url, key, secret):
    """Hosted UI domains, identity providers, OAuth client fields and a federated sign-in. Returns the tests."""
    idp = client(url, key, secret)
    pool = idp.create_user_pool(PoolName="hosted-pool")["UserPool"]["Id"]
    app = idp.create_user_pool_client(UserPoolId=pool, ClientName="web")["UserPoolClient"]["ClientId"]

    def t_domain():
        idp.create_user_pool_domain(UserPoolId=pool, Domain="boto-hosted")
        d = idp.describe_user_pool_domain(Domain="boto-hosted")["DomainDescription"]
        assert d["UserPoolId"] == pool and d["Status"] == "ACTIVE", d
        assert idp.describe_user_pool_domain(Domain="nobody-here")["DomainDescription"] == {}
        code, _ = error_code(lambda: idp.create_user_pool_domain(UserPoolId=pool, Domain="second-one"))
        assert code == "InvalidParameterException", code
        doc = json.loads(urllib.request.urlopen("%s/%s/.well-known/openid-configuration" % (url, pool), timeout=10).read())
        assert doc["authorization_endpoint"] == url + "/oauth2/authorize", doc

    def t_identity_provider():
        p = idp.create_identity_provider(
            UserPoolId=pool, ProviderName="CorpIdP", ProviderType="OIDC",
            ProviderDetails={"client_id": "corp", "client_secret": "corp-secret", "authorize_scopes": "openid email",
                             "oidc_issuer": url + "/_mock-idp", "attributes_request_method": "GET"},
            AttributeMapping={"email": "email", "name": "name"}, IdpIdentifiers=["corp.example"],
        )["IdentityProvider"]
        assert p["ProviderType"] == "OIDC" and p["IdpIdentifiers"] == ["corp.example"], p
        assert idp.describe_identity_provider(UserPoolId=pool, ProviderName="CorpIdP")["IdentityProvider"]["AttributeMapping"]["email"] == "email"
        assert [x["ProviderName"] for x in idp.list_identity_providers(UserPoolId=pool, MaxResults=10)["Providers"]] == ["CorpIdP"]
        code, _ = error_code(lambda: idp.describe_identity_provider(UserPoolId=pool, ProviderName="Nobody"))
        assert code == "ResourceNotFoundException", code

    def t_client_oauth_fields():
        c = idp.update_user_pool_client(
            UserPoolId=pool, ClientId=app, AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
            AllowedOAuthScopes=["openid", "email"], CallbackURLs=[CALLBACK], LogoutURLs=["http://localhost:3000/"],
            SupportedIdentityProviders=["COGNITO", "CorpIdP"],
        )["UserPoolClient"]
        assert c["AllowedOAuthFlows"] == ["code"] and c["SupportedIdentityProviders"] == ["COGNITO", "CorpIdP"], c
        code, _ = error_code(lambda: idp.update_user_pool_client(UserPoolId=pool, ClientId=app, AllowedOAuthFlowsUserPoolClient=True,
                                                                 AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"],
                                                                 CallbackURLs=["http://attacker.example/cb"]))
        assert code == "InvalidParameterException", code

    def t_federated_sign_in_with_login_hint():
        b = browser()
        query = urllib.parse.urlencode({"client_id": app, "redirect_uri": CALLBACK, "response_type": "code", "scope": "openid email",
                                        "state": "py", "idp_identifier": "corp.example", "login_hint": "erin@corp.example"})
        status, to_idp, _ = fetch(b, "%s/oauth2/authorize?%s" % (url, query))
        assert status == 302 and to_idp.startswith(url + "/_mock-idp/authorize?"), (status, to_idp)
        status, to_cognito, _ = submit(b, url, to_idp, {"email": "erin@corp.example", "name": "Erin"})
        assert status == 302 and "/oauth2/idpresponse?" in to_cognito, (status, to_cognito)
        status, to_app, _ = fetch(b, to_cognito)
        params = urllib.parse.parse_qs(urllib.parse.urlparse(to_app).query)
        assert status == 302 and params["state"] == ["py"], (status, to_app)
        body = urllib.parse.urlencode({"grant_type": "authorization_code", "client_id": app, "code": params["code"][0], "redirect_uri": CALLBACK}).encode()
        req = urllib.request.Request(url + "/oauth2/token", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        tokens = json.loads(urllib.request.urlopen(req, timeout=10).read())
        id_claims = claims(tokens["id_token"])
        assert id_claims["cognito:username"].startswith("CorpIdP_"), id_claims
        assert id_claims["email"] == "erin@corp.example" and id_claims["name"] == "Erin", id_claims
        hints = json.loads(urllib.request.urlopen(url + "/_mock-idp/login-hints", timeout=10).read())["loginHints"]
        assert hints == ["erin@corp.example"], hints
        users = idp.list_users(UserPoolId=pool)["Users"]
        assert [u["UserStatus"] for u in users] == ["EXTERNAL_PROVIDER"], users

    def t_delete():
        idp.delete_identity_provider(UserPoolId=pool, ProviderName="CorpIdP")
        assert idp.list_identity_providers(UserPoolId=pool, MaxResults=10)["Providers"] == []
        idp.delete_user_pool_domain(UserPoolId=pool, Domain="boto-hosted")
        assert idp.describe_user_pool_domain(Domain="boto-hosted")["DomainDescription"] == {}

    tests = [t_domain, t_identity_provider, t_client_oauth_fields, t_federated_sign_in_with_login_hint, t_delete]
    return tests


def main():
    return run_against_emulator(suite)


if __name__ == "__main__":
    sys.exit(main())
