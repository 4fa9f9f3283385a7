// Package content personalises marketing message text (in-app, embedded, push,
// email) for one profile, with a small subset of Handlebars, the template
// language Iterable uses. Parse a text once into a Template, then Render it
// against each profile's Data. The package is pure: no storage, no I/O, no
// dependencies beyond the standard library, and no input makes it panic.
//
// # Language
//
// Literal text is copied as is. Output is never HTML-escaped: messages are
// shown in a terminal and in push and in-app text. Everything else sits
// inside double braces; whitespace inside the braces is allowed, so
// {{ firstName }} is {{firstName}}.
//
//   - {{path}} writes a value. {{{path}}} (triple braces) means the same.
//   - \{{ writes a literal {{ (and \\{{ writes a backslash followed by a real
//     {{...}}).
//   - {{! anything }} and {{!-- anything, even }} --}} are comments and write
//     nothing.
//
// A path is dotted. Its first part chooses where the value comes from:
//
//   - last.<eventName>.<field...> is a field of the profile's newest event with
//     that name: {{last.viewedProduct.name}}, {{last.purchase.total}}. Purchases
//     are named "purchase" and cart updates "cartUpdate". {{#if last.purchase}}
//     tests whether the profile has such an event at all.
//   - discount is the campaign's discount, in percent: {{discount}}.
//   - anything else is a profile data field: {{firstName}}, {{address.city}}.
//
// A part made of digits indexes an array, counting from 0: {{items.0.name}}.
//
// Values are written as follows: text as is; numbers in plain decimal, with no
// exponent and no trailing zeros (1299, 12.5, 0.30000000000000004 for the sum
// 0.1+0.2, which is the shortest text that reads back as the same number);
// true and false; objects and arrays as compact JSON; a missing or null value
// as nothing.
//
// Helpers take arguments separated by spaces. An argument is a path, a
// string in double (or single) quotes, or a number such as 10 or -2.5:
//
//   - {{defaultIfEmpty firstName "there"}} writes the value, or the fallback
//     when the value is missing, null or the empty string.
//   - {{money last.purchase.total}} writes a number with two decimals, rounded
//     half away from zero, and thousands separators: 1299 gives 1,299.00.
//   - {{discounted last.viewedProduct.price}} writes the number reduced by the
//     campaign's discount, formatted like money: 1299 at 10% gives 1,169.10.
//     A discount outside 0–100 is applied as given.
//   - {{percent rate}} writes the number followed by a percent sign: 10%.
//
// money, discounted and percent also accept text holding a number, such as
// "1299" or "12.5"; any other value, or a missing one, writes nothing.
//
// Blocks choose between two texts:
//
//	{{#if path}}shown when the value is truthy{{else}}otherwise{{/if}}
//
// {{else}} is optional and blocks nest. A value is truthy unless it is
// missing, null, false, the empty string, zero, or an empty array or object.
//
// Anything else in braces is rejected by Parse with the line and column of
// the problem and what to write instead: other block helpers ({{#each}},
// {{#unless}}, {{#with}}), {{else if}}, partials ({{> name}}), inverse blocks
// ({{^...}}), subexpressions ((...)), named arguments (key=value),
// whitespace control (~), data variables (@index), this and ../ paths.
//
// # Missing values
//
// Render reports, once each and in the order first met, the paths whose
// output was empty: the value was missing, null, the empty string, or not a
// number where a helper needed one. A preview turns them into warnings such
// as "last.viewedProduct.name is empty for this profile". The path tested by
// {{#if}} and the first argument of defaultIfEmpty are not reported, since
// they are there to handle absence.
package content
