/**
 * The protected page: a CGI (perl is part of every Debian system) printing what mod_auth_openidc
 * handed the application, as a table for people and as JSON in #accord-echo for machines:
 * {"sub", "remoteUser", "claims": {name: value}}.
 *
 * mod_auth_openidc exports each claim of the ID token and of the userinfo response as
 * OIDC_CLAIM_<name>: a string as it is, an array as its values joined with OIDCClaimDelimiter (","),
 * a number or boolean as text, an object as JSON. The claims are printed as the application sees
 * them, strings, so what the echo shows is what an application behind Apache can use.
 */
export const ECHO_CGI = String.raw`#!/usr/bin/perl
use strict;
use warnings;

sub html {
  my ($s) = @_;
  $s = '' unless defined $s;
  $s =~ s/&/&amp;/g;
  $s =~ s/</&lt;/g;
  $s =~ s/>/&gt;/g;
  $s =~ s/"/&quot;/g;
  return $s;
}

sub json {
  my ($s) = @_;
  return 'null' unless defined $s;
  $s =~ s/(["\\])/\\$1/g;
  $s =~ s/([\x00-\x1f<>&])/sprintf('\\u%04x', ord($1))/ge;
  return "\"$s\"";
}

my @names = sort grep { /^OIDC_CLAIM_./ } keys %ENV;
my %claims = map { substr($_, length 'OIDC_CLAIM_') => $ENV{$_} } @names;
my $rows = join '', map { '<tr><th>' . html($_) . '</th><td>' . html($claims{$_}) . "</td></tr>\n" } sort keys %claims;
my $claims_json = join ',', map { json($_) . ':' . json($claims{$_}) } sort keys %claims;

print "Content-Type: text/html; charset=utf-8\r\n";
print "Cache-Control: no-store\r\n\r\n";
print <<"PAGE";
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>mod_auth_openidc: signed in</title></head>
<body>
<h1>Signed in through mod_auth_openidc</h1>
<p>Email: <code id="email">@{[ html($ENV{OIDC_CLAIM_email}) ]}</code></p>
<p>REMOTE_USER: <code id="remote-user">@{[ html($ENV{REMOTE_USER}) ]}</code></p>
<p>sub: <code id="sub">@{[ html($ENV{OIDC_CLAIM_sub}) ]}</code></p>
<table id="claims">
<tr><th>OIDC_CLAIM_*</th><th>value</th></tr>
$rows</table>
<p><a id="logout" href="/protected/redirect_uri?logout=@{[ html($ENV{ACCORD_LOGGED_OUT_URL}) ]}">Sign out (RP-initiated logout)</a></p>
<script type="application/json" id="accord-echo">{"sub":@{[ json($ENV{OIDC_CLAIM_sub}) ]},"remoteUser":@{[ json($ENV{REMOTE_USER}) ]},"claims":{$claims_json}}</script>
</body>
</html>
PAGE
`;
