/*
 * Pieces of the perl CGIs that show what an Apache module handed the application (perl comes
 * with apache2 on Debian): the escapes and the start of the page. Each peer's echo-cgi.ts adds what
 * its module exports and how it names it.
 */

/** html($s): text safe in an HTML element or attribute. */
export const PERL_HTML_SUB = `sub html {
  my ($s) = @_;
  $s = '' unless defined $s;
  $s =~ s/&/&amp;/g;
  $s =~ s/</&lt;/g;
  $s =~ s/>/&gt;/g;
  $s =~ s/"/&quot;/g;
  return $s;
}`;

/** json($s): a JSON string literal (null for undef) with <, > and & escaped, safe inside a script element. */
export const PERL_JSON_SUB = String.raw`sub json {
  my ($s) = @_;
  return 'null' unless defined $s;
  $s =~ s/(["\\])/\\$1/g;
  $s =~ s/([\x00-\x1f<>&])/sprintf('\\u%04x', ord($1))/ge;
  return "\"$s\"";
}`;

/** Perl that prints the HTTP head, never cached, and opens the page's here-document up to its heading. */
export function perlPageStart(product: string): string {
  return String.raw`print "Content-Type: text/html; charset=utf-8\r\n";
print "Cache-Control: no-store\r\n\r\n";
print <<"PAGE";
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${product}: signed in</title></head>
<body>
<h1>Signed in through ${product}</h1>`;
}
