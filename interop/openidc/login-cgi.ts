/**
 * The login page: `/login?op=<issuer>` sends the browser into mod_auth_openidc's third-party
 * initiated login (OIDC Core 4: its redirect URI with `iss` and `target_link_uri`) for the OP at
 * that issuer's origin, under the issuer that OP is configured as now (the exchange hook files it,
 * interop/openidc/provider-files.ts). Several OPs are configured at once, one per scenario, each
 * at its own origin; an OP handed another discovery document is asked for under the issuer that
 * document's URL names, so mod_auth_openidc, not this page, decides whether the document fits.
 *
 * The file name is the origin in hex, as choiceFile() writes it.
 */
export const LOGIN_CGI = String.raw`#!/usr/bin/perl
use strict;
use warnings;

sub answer {
  my ($status, $message) = @_;
  print "Status: $status\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\n\r\n$message\n";
  exit 0;
}

sub unescape {
  my ($s) = @_;
  $s =~ tr/+/ /;
  $s =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge;
  return $s;
}

sub escape {
  my ($s) = @_;
  $s =~ s/([^A-Za-z0-9\-._~])/sprintf('%%%02X', ord($1))/ge;
  return $s;
}

my %query;
for my $pair (split /&/, ($ENV{QUERY_STRING} // '')) {
  my ($k, $v) = split /=/, $pair, 2;
  $query{unescape($k)} = unescape($v // '');
}
my $op = $query{op} // '';
my ($origin) = $op =~ m{^(https?://[^/?#]+)};
answer('400 Bad Request', 'op: the issuer URL of the OP to sign in with is required (/login?op=<issuer>)')
  unless defined $origin;

my $file = "$ENV{ACCORD_OP_CHOICE_DIR}/" . unpack('H*', $origin);
open(my $fh, '<', $file) or answer('404 Not Found', "op: no OP at $origin is configured here");
my $issuer = <$fh>;
close $fh;
chomp $issuer;

print "Status: 302 Found\r\n";
print "Location: $ENV{ACCORD_REDIRECT_URI}?iss=" . escape($issuer) . '&target_link_uri=' . escape($ENV{ACCORD_TARGET_LINK_URI}) . "\r\n";
print "Cache-Control: no-store\r\n\r\n";
`;
