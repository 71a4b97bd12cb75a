#!/usr/bin/env python3
"""boto3 (`cognito-identity`) against the emulator's identity pools: create, describe, list
and delete an identity pool with SigV4-signed calls, then a guest and a signed-in user get
credentials through the unsigned calls (botocore sends GetId and GetCredentialsForIdentity
without a signature, as its model says). Run with plain
`python3 tests/emulator/test_boto3_identity.py`; prints `N passed, N failed` and exits
non-zero on failure.

The emulator binary: $COGNITO_EMULATOR_BIN or target/debug/cognito-emulator (started by
the launcher of tests/emulator/test_boto3.py).
"""
import datetime
import sys

import boto3
from botocore.config import Config

from test_boto3 import error_code, run_against_emulator


def client(service, url, key, secret):
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="eu-west-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}),
    )


def suite(url, key, secret):
    """Identity pools: signatures, pool administration, guest then signed-in credentials. Returns the tests."""
    identity = client("cognito-identity", url, key, secret)
    idp = client("cognito-idp", url, key, secret)
    state = {}

    def t_signatures_are_checked():
        wrong = client("cognito-identity", url, key, "not-the-secret")
        code, _ = error_code(lambda: wrong.list_identity_pools(MaxResults=10))
        assert code == "InvalidSignatureException", code

    def t_create_and_read_an_identity_pool():
        pool = idp.create_user_pool(PoolName="boto3-identity")["UserPool"]["Id"]
        app = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        client_id = app["UserPoolClient"]["ClientId"]
        provider = "cognito-idp.%s.amazonaws.com/%s" % (pool.split("_")[0], pool)
        created = identity.create_identity_pool(
            IdentityPoolName="boto3 pool",
            AllowUnauthenticatedIdentities=True,
            CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client_id, "ServerSideTokenCheck": False}],
        )
        pool_id = created["IdentityPoolId"]
        assert pool_id.startswith("eu-west-1:"), pool_id
        described = identity.describe_identity_pool(IdentityPoolId=pool_id)
        assert described["IdentityPoolName"] == "boto3 pool"
        assert described["AllowUnauthenticatedIdentities"] is True
        assert described["CognitoIdentityProviders"] == [{"ProviderName": provider, "ClientId": client_id, "ServerSideTokenCheck": False}]
        listed = identity.list_identity_pools(MaxResults=60)["IdentityPools"]
        assert {"IdentityPoolId": pool_id, "IdentityPoolName": "boto3 pool"} in listed, listed
        state.update(pool=pool, client=client_id, provider=provider, identity_pool=pool_id)

    def t_guest_then_signed_in_credentials():
        guest = identity.get_id(IdentityPoolId=state["identity_pool"])["IdentityId"]
        creds = identity.get_credentials_for_identity(IdentityId=guest)["Credentials"]
        assert creds["AccessKeyId"].startswith("ASIA") and len(creds["SecretKey"]) == 40
        # botocore parses Expiration into an aware datetime.
        left = creds["Expiration"] - datetime.datetime.now(datetime.timezone.utc)
        assert datetime.timedelta(minutes=55) < left <= datetime.timedelta(minutes=61), left
        idp.admin_create_user(UserPoolId=state["pool"], Username="frank", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=state["pool"], Username="frank", Password="Passw0rd!x", Permanent=True)
        tokens = idp.admin_initiate_auth(
            UserPoolId=state["pool"], ClientId=state["client"], AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "frank", "PASSWORD": "Passw0rd!x"}
        )["AuthenticationResult"]
        logins = {state["provider"]: tokens["IdToken"]}
        linked = identity.get_credentials_for_identity(IdentityId=guest, Logins=logins)
        assert linked["IdentityId"] == guest
        assert identity.describe_identity(IdentityId=guest)["Logins"] == [state["provider"]]
        code, _ = error_code(lambda: identity.get_id(IdentityPoolId=state["identity_pool"], Logins={state["provider"]: tokens["AccessToken"]}))
        assert code == "NotAuthorizedException", code
        listed = identity.list_identities(IdentityPoolId=state["identity_pool"], MaxResults=10)["Identities"]
        assert [i["IdentityId"] for i in listed] == [guest], listed

    def t_delete_the_identity_pool():
        identity.delete_identity_pool(IdentityPoolId=state["identity_pool"])
        code, _ = error_code(lambda: identity.describe_identity_pool(IdentityPoolId=state["identity_pool"]))
        assert code == "ResourceNotFoundException", code

    tests = [t_signatures_are_checked, t_create_and_read_an_identity_pool, t_guest_then_signed_in_credentials, t_delete_the_identity_pool]
    return tests


def main():
    return run_against_emulator(suite)


if __name__ == "__main__":
    sys.exit(main())
