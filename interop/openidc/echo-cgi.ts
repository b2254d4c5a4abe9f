import { PERL_HTML_SUB, perlPageStart } from '../shared/echo-cgi.ts';

/**
 * The protected page: a CGI (perl, which apache2 depends on) printing what mod_auth_openidc handed
 * the application, as a table for people and as JSON in #accord-echo for machines:
 * {"sub", "remoteUser", "claims": {name: value}, "env": {OIDC_CLAIM_<name>: text}}.
 *
 * mod_auth_openidc exports each claim of the ID token and of the userinfo response as
 * OIDC_CLAIM_<name>, as text: an array's values joined with OIDCClaimDelimiter (","), a boolean as
 * 1 or 0. Those are in "env". With OIDCPassUserInfoAs json and OIDCPassIDTokenAs payload it also
 * hands the application both as JSON (OIDC_userinfo_json, OIDC_id_token_payload), values as the OP
 * sent them: "claims" merges them the way the OIDC_CLAIM_* variables are set, the ID token's claims
 * over the userinfo ones.
 */
export const ECHO_CGI = String.raw`#!/usr/bin/perl
use strict;
use warnings;
use JSON::PP;

${PERL_HTML_SUB}

# The environment holds UTF-8 bytes; the echo is written in ASCII, with \u escapes.
my $in = JSON::PP->new->utf8;
my $out = JSON::PP->new->canonical->ascii;
sub object {
  my ($bytes) = @_;
  return {} unless defined $bytes && length $bytes;
  my $o = eval { $in->decode($bytes) };
  return ref $o eq 'HASH' ? $o : {};
}
sub text {
  my ($bytes) = @_;
  return undef unless defined $bytes;
  utf8::decode($bytes);
  return $bytes;
}

my %claims = (%{ object($ENV{OIDC_userinfo_json}) }, %{ object($ENV{OIDC_id_token_payload}) });
my %env = map { $_ => $ENV{$_} } grep { /^OIDC_CLAIM_./ } keys %ENV;
my $rows = join '', map { '<tr><th>' . html($_) . '</th><td>' . html($env{$_}) . "</td></tr>\n" } sort keys %env;
my %env_text = map { $_ => text($env{$_}) } keys %env;
my $echo = $out->encode({ sub => $claims{sub}, remoteUser => text($ENV{REMOTE_USER}), claims => \%claims, env => \%env_text });
# Inside a script element: no "</" may end it early.
$echo =~ s/</\\u003c/g;

${perlPageStart('mod_auth_openidc')}
<p>Email: <code id="email">@{[ html($ENV{OIDC_CLAIM_email}) ]}</code></p>
<p>REMOTE_USER: <code id="remote-user">@{[ html($ENV{REMOTE_USER}) ]}</code></p>
<p>sub: <code id="sub">@{[ html($ENV{OIDC_CLAIM_sub}) ]}</code></p>
<table id="claims">
<tr><th>variable</th><th>value</th></tr>
$rows</table>
<p><a id="logout" href="/protected/redirect_uri?logout=@{[ html($ENV{ACCORD_LOGGED_OUT_URL}) ]}">Sign out (RP-initiated logout)</a></p>
<script type="application/json" id="accord-echo">$echo</script>
</body>
</html>
PAGE
`;
