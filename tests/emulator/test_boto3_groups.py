#!/usr/bin/env python3
"""boto3 against the emulator: groups (CreateGroup, GetGroup, ListGroups,
AdminAddUserToGroup, AdminListGroupsForUser, AdminRemoveUserFromGroup, DeleteGroup), the
`cognito:groups` and `scope` claims of the tokens AdminInitiateAuth mints, and JWKS key
rotation (the signed POST /_emulator/keys/rotate). Run with plain
`python3 tests/emulator/test_boto3_groups.py`; prints `N passed, N failed` and exits
non-zero on failure. The emulator binary: $COGNITO_EMULATOR_BIN or target/debug/cognito-emulator.
"""
import base64
import json
import os
import sys
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_boto3 import client, error_code, run_against_emulator  # noqa: E402  (the one emulator launcher, client and runner)


def claims(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def header(jwt):
    h = jwt.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))


def signed_post(url, path, body, key, secret):
    """POST to one of the emulator's own endpoints, SigV4-signed as the faults endpoint needs."""
    data = json.dumps(body)
    req = AWSRequest(method="POST", url=url + path, data=data, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(key, secret), "cognito-idp", "eu-west-1").add_auth(req)
    r = urllib.request.Request(url + path, data=data.encode(), headers=dict(req.headers.items()), method="POST")
    with urllib.request.urlopen(r, timeout=30) as resp:
        return json.loads(resp.read())


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def suite(url, key, secret):
    """Groups, the groups and scope claims, and JWKS key rotation. Returns the tests."""
    idp = client(url, key, secret)
    pool = idp.create_user_pool(PoolName="groups-pool")["UserPool"]["Id"]
    c = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="api", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthScopes=["orders/read", "orders/write"], AllowedOAuthFlows=["code"], AllowedOAuthFlowsUserPoolClient=True,
        CallbackURLs=["https://example.com/cb"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="ann", TemporaryPassword="Temporary1x!", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="ann", Password="Permanent1x!", Permanent=True)

    def sign_in():
        return idp.admin_initiate_auth(UserPoolId=pool, ClientId=c, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                       AuthParameters={"USERNAME": "ann", "PASSWORD": "Permanent1x!"})["AuthenticationResult"]

    def t_groups_crud():
        g = idp.create_group(GroupName="admins", UserPoolId=pool, Description="the admins", Precedence=1)["Group"]
        assert (g["GroupName"], g["UserPoolId"], g["Description"], g["Precedence"]) == ("admins", pool, "the admins", 1), g
        idp.create_group(GroupName="readers", UserPoolId=pool, Precedence=5)
        idp.create_group(GroupName="beta", UserPoolId=pool)
        code, msg = error_code(lambda: idp.create_group(GroupName="admins", UserPoolId=pool))
        assert code == "GroupExistsException", (code, msg)
        assert idp.get_group(GroupName="readers", UserPoolId=pool)["Group"]["Precedence"] == 5
        code, _ = error_code(lambda: idp.get_group(GroupName="nope", UserPoolId=pool))
        assert code == "ResourceNotFoundException", code
        names = [x["GroupName"] for x in idp.list_groups(UserPoolId=pool)["Groups"]]
        assert names == ["admins", "beta", "readers"], names
        page = idp.list_groups(UserPoolId=pool, Limit=2)
        assert [x["GroupName"] for x in page["Groups"]] == ["admins", "beta"] and page["NextToken"], page
        rest = idp.list_groups(UserPoolId=pool, Limit=2, NextToken=page["NextToken"])
        assert [x["GroupName"] for x in rest["Groups"]] == ["readers"] and "NextToken" not in rest, rest

    def t_membership_and_groups_claim():
        assert "cognito:groups" not in claims(sign_in()["AccessToken"])
        for g in ["readers", "beta", "admins"]:
            idp.admin_add_user_to_group(UserPoolId=pool, Username="ann", GroupName=g)
        code, _ = error_code(lambda: idp.admin_add_user_to_group(UserPoolId=pool, Username="nobody", GroupName="admins"))
        assert code == "UserNotFoundException", code
        code, _ = error_code(lambda: idp.admin_add_user_to_group(UserPoolId=pool, Username="ann", GroupName="nope"))
        assert code == "ResourceNotFoundException", code
        listed = [x["GroupName"] for x in idp.admin_list_groups_for_user(UserPoolId=pool, Username="ann")["Groups"]]
        assert listed == ["admins", "beta", "readers"], listed
        ar = sign_in()
        # By precedence (lowest first), groups without one last.
        assert claims(ar["AccessToken"])["cognito:groups"] == ["admins", "readers", "beta"], claims(ar["AccessToken"])
        assert claims(ar["IdToken"])["cognito:groups"] == ["admins", "readers", "beta"]
        idp.admin_remove_user_from_group(UserPoolId=pool, Username="ann", GroupName="readers")
        idp.delete_group(UserPoolId=pool, GroupName="beta")
        code, _ = error_code(lambda: idp.delete_group(UserPoolId=pool, GroupName="beta"))
        assert code == "ResourceNotFoundException", code
        assert claims(sign_in()["AccessToken"])["cognito:groups"] == ["admins"]
        listed = [x["GroupName"] for x in idp.admin_list_groups_for_user(UserPoolId=pool, Username="ann")["Groups"]]
        assert listed == ["admins"], listed

    def t_scope_claim():
        ar = sign_in()
        assert claims(ar["AccessToken"])["scope"] == "aws.cognito.signin.user.admin orders/read orders/write", claims(ar["AccessToken"])
        assert "scope" not in claims(ar["IdToken"])

    def t_key_rotation():
        jwks_url = "%s/%s/.well-known/jwks.json" % (url, pool)
        before = [k["kid"] for k in get_json(jwks_url)["keys"]]
        old_token = sign_in()["AccessToken"]
        assert header(old_token)["kid"] == before[0]
        rotated = signed_post(url, "/_emulator/keys/rotate", {"keepOldSeconds": 600}, key, secret)
        assert rotated["kid"] != before[0] and rotated["published"] == [rotated["kid"], before[0]], rotated
        assert [k["kid"] for k in get_json(jwks_url)["keys"]] == [rotated["kid"], before[0]]
        assert header(sign_in()["AccessToken"])["kid"] == rotated["kid"]
        assert idp.get_user(AccessToken=old_token)["Username"] == "ann"  # the old key still verifies
        again = signed_post(url, "/_emulator/keys/rotate", {"keepOldSeconds": 0}, key, secret)
        assert [k["kid"] for k in get_json(jwks_url)["keys"]] == [again["kid"], before[0]], "a 0 s window drops only the key replaced now"
        assert idp.get_user(AccessToken=sign_in()["AccessToken"])["Username"] == "ann"  # signed by the newest key
        try:
            signed_post(url, "/_emulator/keys/rotate", {"keepOldSeconds": "soon"}, key, secret)
            raise AssertionError("a bad keepOldSeconds must be refused")
        except urllib.error.HTTPError as e:
            assert e.code == 400, e.code
        try:
            req = urllib.request.Request(url + "/_emulator/keys/rotate", data=b"{}", method="POST")
            urllib.request.urlopen(req, timeout=10)
            raise AssertionError("an unsigned rotation must be refused")
        except urllib.error.HTTPError as e:
            assert e.code in (400, 403), e.code

    tests = [t_groups_crud, t_membership_and_groups_claim, t_scope_claim, t_key_rotation]
    return tests


def main():
    return run_against_emulator(suite)


if __name__ == "__main__":
    sys.exit(main())
