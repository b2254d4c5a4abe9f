import { PERL_HTML_SUB, PERL_JSON_SUB, perlPageStart } from '../shared/echo-cgi.ts';
import { attributeId } from './config-files.ts';

const perlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The protected page: a CGI (perl is part of every Debian system) printing what Shibboleth handed
 * the application, as tables for people and as JSON in #accord-echo for machines:
 * {"nameId", "idp", "attributes": {name: [values]}}.
 *
 * Shibboleth exports each mapped attribute under its id, several values joined by ';' with a ';'
 * inside a value escaped as '\;'. The ids are the attribute map's (config-files.ts); the page
 * turns them back into the SAML names the IdP sent.
 */
export function echoCgi(names: string[]): string {
  const map = names.map((n, i) => `  ${perlString(attributeId(i))} => ${perlString(n)},`).join('\n');
  return `#!/usr/bin/perl
use strict;
use warnings;

my %name_of = (
${map}
);

${PERL_HTML_SUB}

${PERL_JSON_SUB}

sub values_of {
  my ($v) = @_;
  return map { (my $x = $_) =~ s/\\\\;/;/g; $x } split /(?<!\\\\);/, $v, -1;
}

my %attributes;
for my $id (keys %name_of) {
  next unless defined $ENV{$id} && $ENV{$id} ne '';
  push @{ $attributes{ $name_of{$id} } }, values_of($ENV{$id});
}
my @shib = sort grep { /^Shib-/ } keys %ENV;

my $rows = '';
for my $name (sort keys %attributes) {
  $rows .= '<tr><th>' . html($name) . '</th><td>' . html($_) . "</td></tr>\\n" for @{ $attributes{$name} };
}
my $shib_rows = join '', map { '<tr><th>' . html($_) . '</th><td>' . html($ENV{$_}) . "</td></tr>\\n" } @shib;
my $attributes_json = join ',',
  map { json($_) . ':[' . join(',', map { json($_) } @{ $attributes{$_} }) . ']' } sort keys %attributes;

${perlPageStart('Shibboleth SP')}
<p>REMOTE_USER: <code id="remote-user">@{[ html($ENV{REMOTE_USER}) ]}</code></p>
<p>NameID: <code id="name-id">@{[ html($ENV{accord_nameid}) ]}</code></p>
<p>IdP: <code id="idp">@{[ html($ENV{'Shib-Identity-Provider'}) ]}</code></p>
<table id="attributes">
<tr><th>attribute</th><th>value</th></tr>
$rows</table>
<details><summary>Shib-* variables</summary>
<table id="shib-env">
$shib_rows</table>
</details>
<p><a id="logout" href="/Shibboleth.sso/Logout?return=/logged-out.html">Sign out (single logout)</a></p>
<script type="application/json" id="accord-echo">{"nameId":@{[ json($ENV{accord_nameid}) ]},"nameIdFormat":null,"idp":@{[ json($ENV{'Shib-Identity-Provider'}) ]},"attributes":{$attributes_json}}</script>
</body>
</html>
PAGE
`;
}
