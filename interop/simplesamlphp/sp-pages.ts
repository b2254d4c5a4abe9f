/**
 * The application behind the SimpleSAMLphp SP peer: a login starter, the protected echo page
 * (what SimpleSAMLphp handed the application, as a table and as JSON in #accord-echo), a logout
 * starter and a landing page for unsolicited logins that carry no RelayState.
 */
const AUTOLOAD = "require_once '/usr/share/simplesamlphp/lib/_autoload.php';";

export const SP_PAGES: Record<string, string> = {
  'login.php': `<?php
${AUTOLOAD}
// /login.php?idp=<IdP entityID>&ReturnTo=<URL on this host>: starts a login at that IdP.
$as = new \\SimpleSAML\\Auth\\Simple('default-sp');
$returnTo = \\SimpleSAML\\Utils\\HTTP::checkURLAllowed((string) ($_GET['ReturnTo'] ?? '/echo.php'));
$params = ['ReturnTo' => $returnTo === '' ? '/echo.php' : $returnTo, 'KeepPost' => false];
if (isset($_GET['idp']) && $_GET['idp'] !== '') {
    $params['saml:idp'] = (string) $_GET['idp'];
}
$as->login($params);
`,

  'echo.php': `<?php
${AUTOLOAD}
$as = new \\SimpleSAML\\Auth\\Simple('default-sp');
header('Cache-Control: no-store');
header('Content-Type: text/html; charset=utf-8');
$h = static fn ($s): string => htmlspecialchars((string) $s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
if (!$as->isAuthenticated()) {
    http_response_code(401);
    echo "<!DOCTYPE html>\\n<html lang=\\"en\\"><head><meta charset=\\"utf-8\\"><title>Not signed in</title></head>";
    echo "<body><h1 id=\\"signed-out\\">Not signed in</h1><p><a href=\\"/login.php\\">Sign in</a></p></body></html>\\n";
    exit;
}
$attributes = $as->getAttributes();
$nameId = $as->getAuthData('saml:sp:NameID');
$echo = [
    'nameId' => $nameId ? $nameId->getValue() : null,
    'nameIdFormat' => $nameId ? $nameId->getFormat() : null,
    'idp' => $as->getAuthData('saml:sp:IdP'),
    'sessionIndex' => $as->getAuthData('saml:sp:SessionIndex'),
    'attributes' => $attributes,
];
$rows = '';
foreach ($attributes as $name => $values) {
    foreach ($values as $value) {
        $rows .= '<tr><th>' . $h($name) . '</th><td>' . $h($value) . "</td></tr>\\n";
    }
}
$json = json_encode($echo, JSON_HEX_TAG | JSON_HEX_AMP | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
?>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>SimpleSAMLphp SP: signed in</title></head>
<body>
<h1>Signed in through SimpleSAMLphp</h1>
<p>NameID: <code id="name-id"><?= $h($echo['nameId']) ?></code> (<code id="name-id-format"><?= $h($echo['nameIdFormat']) ?></code>)</p>
<p>IdP: <code id="idp"><?= $h($echo['idp']) ?></code></p>
<table id="attributes">
<tr><th>attribute</th><th>value</th></tr>
<?= $rows ?></table>
<p><a id="logout" href="/logout.php">Sign out (single logout)</a></p>
<script type="application/json" id="accord-echo"><?= $json ?></script>
</body>
</html>
`,

  'logout.php': `<?php
${AUTOLOAD}
$as = new \\SimpleSAML\\Auth\\Simple('default-sp');
if (!$as->isAuthenticated()) {
    header('Location: /logged-out.html', true, 303);
    exit;
}
$as->logout(['ReturnTo' => '/logged-out.html']);
`,

  // Unsolicited Responses without a RelayState land on '/' (saml:SP's default RelayState).
  'index.php': `<?php
${AUTOLOAD}
$as = new \\SimpleSAML\\Auth\\Simple('default-sp');
if ($as->isAuthenticated()) {
    header('Location: /echo.php', true, 303);
    exit;
}
header('Content-Type: text/html; charset=utf-8');
?>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>SimpleSAMLphp SP interop peer</title></head>
<body><h1>SimpleSAMLphp SP interop peer</h1>
<ul>
<li><a href="/simplesaml/module.php/saml/sp/metadata.php/default-sp">SP metadata</a></li>
<li><a href="/login.php">Sign in</a> (<code>/login.php?idp=&lt;IdP entityID&gt;&amp;ReturnTo=&lt;URL&gt;</code>)</li>
</ul></body></html>
`,

  'logged-out.html': `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><h1 id="signed-out">Signed out</h1></body></html>
`,
};

export const IDP_PAGES: Record<string, string> = {
  'index.html': `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>SimpleSAMLphp IdP interop peer</title></head>
<body><h1>SimpleSAMLphp IdP interop peer</h1>
<ul>
<li><a href="/simplesaml/saml2/idp/metadata.php">IdP metadata</a></li>
<li>IdP-initiated login: <code>/simplesaml/saml2/idp/SSOService.php?spentityid=&lt;SP entityID&gt;&amp;RelayState=&lt;value&gt;</code></li>
</ul></body></html>
`,
};
