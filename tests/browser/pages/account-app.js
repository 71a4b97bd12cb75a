// A sign-up page as the tutorials write it against amazon-cognito-identity-js's UMD build:
// the global `AmazonCognitoIdentity`, node callbacks and callback objects, buttons.
// (Pool settings come from the query string: ?pool=<id>&client=<id>&endpoint=<url>.)
(function () {
  var query = new URLSearchParams(location.search);
  var poolData = { UserPoolId: query.get('pool'), ClientId: query.get('client'), endpoint: query.get('endpoint') };

  function field(id) {
    return document.getElementById(id).value;
  }
  function show(text) {
    var status = document.getElementById('status');
    status.textContent = text;
    status.setAttribute('data-count', String(Number(status.getAttribute('data-count') || 0) + 1));
  }
  function showError(err) {
    show('error: ' + (err.code || err.name) + ': ' + err.message);
  }
  function userPool() {
    return new AmazonCognitoIdentity.CognitoUserPool(poolData);
  }
  function cognitoUser() {
    return new AmazonCognitoIdentity.CognitoUser({ Username: field('username'), Pool: userPool() });
  }

  document.getElementById('signup').addEventListener('click', function () {
    var attributeList = [];
    attributeList.push(new AmazonCognitoIdentity.CognitoUserAttribute({ Name: 'email', Value: field('email') }));
    userPool().signUp(field('username'), field('password'), attributeList, null, function (err, result) {
      if (err) {
        showError(err);
        return;
      }
      var user = result.user;
      show('signed up: ' + user.getUsername() + ', confirmed: ' + result.userConfirmed + ', code sent by ' + result.codeDeliveryDetails.DeliveryMedium);
    });
  });

  document.getElementById('confirm').addEventListener('click', function () {
    cognitoUser().confirmRegistration(field('code'), true, function (err, result) {
      if (err) {
        showError(err);
        return;
      }
      show('confirmed: ' + result);
    });
  });

  document.getElementById('resend').addEventListener('click', function () {
    cognitoUser().resendConfirmationCode(function (err, result) {
      if (err) {
        showError(err);
        return;
      }
      show('code resent by ' + result.CodeDeliveryDetails.DeliveryMedium + ' to ' + result.CodeDeliveryDetails.Destination);
    });
  });

  document.getElementById('signin').addEventListener('click', function () {
    var authenticationDetails = new AmazonCognitoIdentity.AuthenticationDetails({ Username: field('username'), Password: field('password') });
    cognitoUser().authenticateUser(authenticationDetails, {
      onSuccess: function (result) {
        show('signed in: ' + result.getIdToken().payload.email + ', valid: ' + result.isValid());
      },
      onFailure: function (err) {
        showError(err);
      },
    });
  });
})();
