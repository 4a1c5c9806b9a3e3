import { analyzeDocument } from '../server/src/core/model/document';
import { defaultLexicon } from '../server/src/lexicon';
const text = process.argv[2]!;
const m = analyzeDocument('file:///t.md', text, { lexicon: defaultLexicon() });
for (const [i,u] of m.units.entries()) console.log(i, u.kind, JSON.stringify(u.snippet.norm), m.mentions[i]!.map(x=>`${x.display}${x.role?'<'+x.role+'>':''}[${x.start},${x.end}]${x.vague?'v':''}`).join(' | '));
console.log(m.assignments.map(a=>`${a.role.display}<${a.role.role}> := ${a.holder.display}<${a.holder.role}>`));
console.log(m.edges.map(e=>`${e.from?.display}<${e.from?.role}> -> ${e.to.display}<${e.to.role}> ${e.urgency}`));
