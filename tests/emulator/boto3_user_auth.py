"""boto3 against the emulator, choice-based sign-in settings: the pool's sign-in policy
(CreateUserPool / UpdateUserPool), the passkey relying party and e-mail MFA
(SetUserPoolMfaConfig / GetUserPoolMfaConfig), app clients with ALLOW_USER_AUTH and
refresh-token rotation (CreateUserPoolClient / UpdateUserPoolClient), then a USER_AUTH
sign-in with an e-mail code from the outbox and GetTokensFromRefreshToken's rotation.
Run by tests/emulator/test_boto3.py (`tests(...)` gives its test functions).
"""
import json
import urllib.request

from botocore.exceptions import ClientError


def _error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def tests(idp, url):
    state = {}

    def outbox_code(username, kind):
        with urllib.request.urlopen("%s/_emulator/messages?poolId=%s&username=%s" % (url, state["pool"], username)) as r:
            messages = [m for m in json.load(r) if m["kind"] == kind]
        assert messages, "no %s message" % kind
        return messages[-1]["code"]

    def t_sign_in_policy():
        pool = idp.create_user_pool(
            PoolName="passwordless",
            Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
        )["UserPool"]
        state["pool"] = pool["Id"]
        d = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
        assert d["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"] == ["PASSWORD", "EMAIL_OTP"], d["Policies"]
        idp.update_user_pool(UserPoolId=pool["Id"],
                             Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]}})
        d = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
        assert d["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"] == ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]
        code = _error_code(lambda: idp.update_user_pool(
            UserPoolId=pool["Id"], Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "PASSWORD"]}}))
        assert code == "InvalidParameterException", code

    def t_relying_party_and_email_mfa():
        r = idp.set_user_pool_mfa_config(
            UserPoolId=state["pool"], MfaConfiguration="OPTIONAL",
            EmailMfaConfiguration={"Message": "Your code is {####}", "Subject": "Sign-in code"},
            WebAuthnConfiguration={"RelyingPartyId": "localhost", "UserVerification": "required"},
        )
        assert r["WebAuthnConfiguration"] == {"RelyingPartyId": "localhost", "UserVerification": "required"}, r
        g = idp.get_user_pool_mfa_config(UserPoolId=state["pool"])
        assert g["MfaConfiguration"] == "OPTIONAL" and g["EmailMfaConfiguration"]["Subject"] == "Sign-in code", g
        assert g["WebAuthnConfiguration"]["RelyingPartyId"] == "localhost"

    def t_client_with_rotation():
        c = idp.create_user_pool_client(
            UserPoolId=state["pool"], ClientName="spa", ExplicitAuthFlows=["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0},
        )["UserPoolClient"]
        state["client"] = c["ClientId"]
        d = idp.describe_user_pool_client(UserPoolId=state["pool"], ClientId=c["ClientId"])["UserPoolClient"]
        assert d["RefreshTokenRotation"] == {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}, d
        assert d["ExplicitAuthFlows"] == ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
        u = idp.update_user_pool_client(UserPoolId=state["pool"], ClientId=c["ClientId"], ClientName="spa",
                                        ExplicitAuthFlows=["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                                        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 30})["UserPoolClient"]
        assert u["RefreshTokenRotation"]["RetryGracePeriodSeconds"] == 30, u
        code = _error_code(lambda: idp.update_user_pool_client(UserPoolId=state["pool"], ClientId=c["ClientId"],
                                                               RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 61}))
        assert code == "InvalidParameterException", code

    def t_email_code_sign_in_and_rotation():
        idp.admin_create_user(UserPoolId=state["pool"], Username="dana", MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": "dana@example.com"}, {"Name": "email_verified", "Value": "true"}])
        r = idp.initiate_auth(AuthFlow="USER_AUTH", ClientId=state["client"],
                              AuthParameters={"USERNAME": "dana", "PREFERRED_CHALLENGE": "EMAIL_OTP"})
        assert r["ChallengeName"] == "EMAIL_OTP", r
        done = idp.respond_to_auth_challenge(ClientId=state["client"], ChallengeName="EMAIL_OTP", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "dana", "EMAIL_OTP_CODE": outbox_code("dana", "EMAIL_OTP")})
        first = done["AuthenticationResult"]["RefreshToken"]
        rotated = idp.get_tokens_from_refresh_token(ClientId=state["client"], RefreshToken=first)["AuthenticationResult"]
        assert rotated["RefreshToken"] != first and rotated["AccessToken"]
        # Within the 30-second grace period the old token still works once more.
        again = idp.get_tokens_from_refresh_token(ClientId=state["client"], RefreshToken=first)["AuthenticationResult"]
        assert again["RefreshToken"]
        s = idp.initiate_auth(AuthFlow="USER_AUTH", ClientId=state["client"], AuthParameters={"USERNAME": "dana"})
        assert s["ChallengeName"] == "SELECT_CHALLENGE" and s["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"], s

    return [t_sign_in_policy, t_relying_party_and_email_mfa, t_client_with_rotation, t_email_code_sign_in_and_rotation]
