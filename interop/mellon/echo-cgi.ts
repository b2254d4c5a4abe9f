import { PERL_HTML_SUB, PERL_JSON_SUB, perlPageStart } from '../shared/echo-cgi.ts';

/**
 * The protected page: a CGI (perl is part of every Debian system) printing what mod_auth_mellon
 * handed the application, as tables for people and as JSON in #accord-echo for machines:
 * {"nameId", "idp", "attributes": {name: [values]}, "env": {MELLON_*: value}}.
 *
 * mellon exports every attribute as MELLON_<name> (first value) and MELLON_<name>_<i> (each
 * value); the attribute lists are rebuilt from the numbered variables.
 */
export const ECHO_CGI = String.raw`#!/usr/bin/perl
use strict;
use warnings;

${PERL_HTML_SUB}

${PERL_JSON_SUB}

# Set by mellon itself or by this server's configuration, not received from the IdP.
my %own = map { $_ => 1 } qw(NAME_ID ASSERTION_ID IDP DISABLE_SAMESITE);

my @names = sort grep { /^MELLON_/ && $_ ne 'MELLON_DISABLE_SAMESITE' } keys %ENV;
my %attributes;
for my $var (@names) {
  next unless $var =~ /^MELLON_(.+)_0$/;
  my $name = $1;
  next if $own{$name};
  my @values;
  for (my $i = 0; exists $ENV{'MELLON_' . $name . '_' . $i}; $i++) {
    push @values, $ENV{'MELLON_' . $name . '_' . $i};
  }
  $attributes{$name} = \@values;
}

my $rows = '';
for my $name (sort keys %attributes) {
  $rows .= '<tr><th>' . html($name) . '</th><td>' . html($_) . "</td></tr>\n" for @{ $attributes{$name} };
}
my $env_rows = join '', map { '<tr><th>' . html($_) . '</th><td>' . html($ENV{$_}) . "</td></tr>\n" } @names;
my $attributes_json = join ',',
  map { json($_) . ':[' . join(',', map { json($_) } @{ $attributes{$_} }) . ']' } sort keys %attributes;
my $env_json = join ',', map { json($_) . ':' . json($ENV{$_}) } @names;

${perlPageStart('mod_auth_mellon')}
<p>REMOTE_USER: <code id="remote-user">@{[ html($ENV{REMOTE_USER}) ]}</code></p>
<p>NameID: <code id="name-id">@{[ html($ENV{MELLON_NAME_ID}) ]}</code></p>
<p>IdP: <code id="idp">@{[ html($ENV{MELLON_IDP}) ]}</code></p>
<table id="attributes">
<tr><th>attribute</th><th>value</th></tr>
$rows</table>
<details><summary>MELLON_* variables</summary>
<table id="mellon-env">
$env_rows</table>
</details>
<p><a id="logout" href="/mellon/logout?ReturnTo=/logged-out.html">Sign out (single logout)</a></p>
<script type="application/json" id="accord-echo">{"nameId":@{[ json($ENV{MELLON_NAME_ID}) ]},"nameIdFormat":null,"idp":@{[ json($ENV{MELLON_IDP}) ]},"attributes":{$attributes_json},"env":{$env_json}}</script>
</body>
</html>
PAGE
`;
