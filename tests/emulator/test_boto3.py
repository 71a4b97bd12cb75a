#!/usr/bin/env python3
"""boto3 against the emulator: create a pool, an app client with a secret and users, then
sign in with SECRET_HASH (checked for real). boto3 signs the administrative calls with
SigV4, using the credentials the emulator prints at start; wrong or missing signatures are
refused. Run with plain `python3 tests/emulator/test_boto3.py`;
prints `N passed, N failed` and exits non-zero on failure.

The emulator binary: $COGNITO_EMULATOR_BIN or target/debug/cognito-emulator.
"""
import base64
import hashlib
import hmac
import os
import re
import subprocess
import sys
import threading
import traceback

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boto3_user_auth  # noqa: E402 - the choice-based sign-in settings, run in the same step

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("COGNITO_EMULATOR_BIN", os.path.join(ROOT, "target", "debug", "cognito-emulator"))


def start():
    """Starts the emulator; returns (process, URL, (access key id, secret)) from what it prints."""
    proc = subprocess.Popen([BIN, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    found = {}
    printed = threading.Event()

    def read_stderr():
        for line in proc.stderr:  # read to the end, so the emulator never blocks on a full pipe
            m = re.search(r"access key id (\S+), secret access key (\S+)$", line.strip())
            if m and not printed.is_set():
                found["credentials"] = m.groups()
                printed.set()

    threading.Thread(target=read_stderr, daemon=True).start()
    line = proc.stdout.readline()
    m = re.search(r"cognito-emulator listening on (http://127\.0\.0\.1:\d+)", line)
    if not m or not printed.wait(10):
        proc.kill()
        raise RuntimeError("emulator did not start (or printed no credentials): %r" % line)
    return proc, m.group(1), found["credentials"]


def client(url, key, secret, **extra):
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="eu-west-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}, **extra),
    )


def secret_hash(secret, username, client_id):
    return base64.b64encode(hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()).decode()


def error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message")
    return None, None


def run_all(tests):
    """Runs each test once, printing `ok`/`FAIL` (with the traceback); returns
    [(name, traceback or None)]."""
    results = []
    for t in tests:
        try:
            t()
            results.append((t.__name__, None))
            print("ok   %s" % t.__name__)
        except Exception:  # noqa: BLE001 - report every failure
            results.append((t.__name__, traceback.format_exc()))
            print("FAIL %s\n%s" % (t.__name__, traceback.format_exc()))
    return results


def summary(results):
    """Prints `N passed, N failed`; the exit status (1 when any failed)."""
    failed = sum(1 for _, e in results if e)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


def suite(url, key, secret):
    """The user-pool API's calls, signatures and secret hashes, then the choice-based sign-in settings. Returns the tests."""
    assert (key, secret) == ("local", "local"), (key, secret)
    idp = client(url, key, secret)
    state = {}

    def t_admin_calls_need_the_emulator_credentials():
        for other, expected in [(client(url, key, "not-the-secret"), "InvalidSignatureException"),
                                (client(url, "AKIDOTHER", secret), "UnrecognizedClientException"),
                                (client(url, key, secret, signature_version=UNSIGNED), "MissingAuthenticationTokenException")]:
            code, msg = error_code(lambda: other.list_user_pools(MaxResults=10))
            assert code == expected, (code, msg)
            assert "not-the-secret" not in (msg or "")
        # Public operations stay unsigned, as the SDK sends them.
        code, _ = error_code(lambda: client(url, key, secret, signature_version=UNSIGNED).initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH", ClientId="nope", AuthParameters={"USERNAME": "a", "PASSWORD": "b"}))
        assert code == "ResourceNotFoundException", code

    def t_create_pool():
        pool = idp.create_user_pool(
            PoolName="boto3-pool",
            Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
                                         "RequireNumbers": True, "RequireSymbols": False}},
            AutoVerifiedAttributes=["email"],
            MfaConfiguration="OFF",
        )["UserPool"]
        assert re.fullmatch(r"eu-west-1_[0-9A-Za-z]+", pool["Id"]), pool["Id"]  # region from SigV4
        d = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
        assert d["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
        assert d["AutoVerifiedAttributes"] == ["email"]
        state["pool"] = pool["Id"]

    def t_create_client_with_secret():
        c = idp.create_user_pool_client(
            UserPoolId=state["pool"], ClientName="server", GenerateSecret=True,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            AccessTokenValidity=30, TokenValidityUnits={"AccessToken": "minutes"},
        )["UserPoolClient"]
        assert c["ClientSecret"]
        d = idp.describe_user_pool_client(UserPoolId=state["pool"], ClientId=c["ClientId"])["UserPoolClient"]
        assert d["ClientSecret"] == c["ClientSecret"] and d["AccessTokenValidity"] == 30
        state["client"], state["secret"] = c["ClientId"], c["ClientSecret"]

    def t_admin_create_user():
        u = idp.admin_create_user(
            UserPoolId=state["pool"], Username="alice", TemporaryPassword="Temporary1x",
            UserAttributes=[{"Name": "email", "Value": "alice@example.com"}, {"Name": "email_verified", "Value": "true"}],
            MessageAction="SUPPRESS",
        )["User"]
        assert u["UserStatus"] == "FORCE_CHANGE_PASSWORD"
        idp.admin_set_user_password(UserPoolId=state["pool"], Username="alice", Password="Permanent1x", Permanent=True)
        g = idp.admin_get_user(UserPoolId=state["pool"], Username="alice")
        assert g["UserStatus"] == "CONFIRMED"
        assert {"Name": "email", "Value": "alice@example.com"} in g["UserAttributes"]
        code, _ = error_code(lambda: idp.admin_create_user(UserPoolId=state["pool"], Username="alice", MessageAction="SUPPRESS"))
        assert code == "UsernameExistsException", code
        users = idp.list_users(UserPoolId=state["pool"], Filter='email = "alice@example.com"')["Users"]
        assert [u["Username"] for u in users] == ["alice"]

    def t_sign_in_with_secret_hash():
        sh = secret_hash(state["secret"], "alice", state["client"])
        r = idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=state["client"],
                              AuthParameters={"USERNAME": "alice", "PASSWORD": "Permanent1x", "SECRET_HASH": sh})
        ar = r["AuthenticationResult"]
        assert ar["TokenType"] == "Bearer" and ar["ExpiresIn"] == 1800
        assert idp.get_user(AccessToken=ar["AccessToken"])["Username"] == "alice"
        state["refresh"] = ar["RefreshToken"]
        r2 = idp.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId=state["client"],
                               AuthParameters={"REFRESH_TOKEN": state["refresh"], "SECRET_HASH": sh})
        assert r2["AuthenticationResult"]["AccessToken"]

    def t_wrong_or_missing_secret_hash():
        bad = secret_hash("not-the-secret", "alice", state["client"])
        code, msg = error_code(lambda: idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=state["client"],
                                                         AuthParameters={"USERNAME": "alice", "PASSWORD": "Permanent1x", "SECRET_HASH": bad}))
        assert code == "NotAuthorizedException" and msg == "Unable to verify secret hash for client %s" % state["client"], (code, msg)
        code, _ = error_code(lambda: idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=state["client"],
                                                       AuthParameters={"USERNAME": "alice", "PASSWORD": "Permanent1x"}))
        assert code == "NotAuthorizedException", code
        sh = secret_hash(state["secret"], "alice", state["client"])
        code, msg = error_code(lambda: idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=state["client"],
                                                         AuthParameters={"USERNAME": "alice", "PASSWORD": "Wrong1xxxx", "SECRET_HASH": sh}))
        assert (code, msg) == ("NotAuthorizedException", "Incorrect username or password."), (code, msg)

    def t_sign_up_with_secret_hash():
        code, _ = error_code(lambda: idp.sign_up(ClientId=state["client"], Username="bob", Password="Password1xx"))
        assert code == "NotAuthorizedException", code
        r = idp.sign_up(ClientId=state["client"], Username="bob", Password="Password1xx",
                        SecretHash=secret_hash(state["secret"], "bob", state["client"]),
                        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
        assert r["UserConfirmed"] is False and r["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
        code, msg = error_code(lambda: idp.sign_up(ClientId=state["client"], Username="carol", Password="short",
                                                   SecretHash=secret_hash(state["secret"], "carol", state["client"])))
        assert code == "InvalidPasswordException", (code, msg)
        idp.admin_confirm_sign_up(UserPoolId=state["pool"], Username="bob")
        r = idp.admin_initiate_auth(UserPoolId=state["pool"], ClientId=state["client"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                    AuthParameters={"USERNAME": "bob", "PASSWORD": "Password1xx",
                                                    "SECRET_HASH": secret_hash(state["secret"], "bob", state["client"])})
        assert r["AuthenticationResult"]["IdToken"]

    def t_errors():
        code, _ = error_code(lambda: idp.describe_user_pool(UserPoolId="eu-west-1_Missing00"))
        assert code == "ResourceNotFoundException", code
        code, _ = error_code(lambda: idp.admin_get_user(UserPoolId=state["pool"], Username="nobody"))
        assert code == "UserNotFoundException", code
        idp.admin_delete_user(UserPoolId=state["pool"], Username="bob")
        code, _ = error_code(lambda: idp.admin_get_user(UserPoolId=state["pool"], Username="bob"))
        assert code == "UserNotFoundException", code

    tests = [t_admin_calls_need_the_emulator_credentials, t_create_pool, t_create_client_with_secret, t_admin_create_user, t_sign_in_with_secret_hash,
             t_wrong_or_missing_secret_hash, t_sign_up_with_secret_hash, t_errors] + boto3_user_auth.tests(idp, url)
    return tests


def run_against_emulator(suite):
    """Starts the emulator, runs the tests `suite(url, key, secret)` returns (a set-up call
    that fails in it fails the whole run), stops the emulator; the exit status."""
    proc, url, (key, secret) = start()
    try:
        results = run_all(suite(url, key, secret))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return summary(results)


def main():
    return run_against_emulator(suite)


if __name__ == "__main__":
    sys.exit(main())
