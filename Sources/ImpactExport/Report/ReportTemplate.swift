/// The Mustache template of `report.html`: one self-contained page (inline
/// CSS and SVG, no network, no JavaScript), responsive for phones and
/// printable. Kept in the binary so the report renders wherever `impact` runs.
enum ReportTemplate {
  static let html = #"""
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="impact {{version}}">
    <title>{{title}}</title>
    <style>
    {{{style}}}
    </style>
    </head>
    <body>
    <main>
    <h1>{{title}}</h1>
    <p class="meta">impact {{version}}{{#generatedAt}} · {{{generatedAt}}}{{/generatedAt}}</p>
    {{#synthetic}}<p class="synthetic"><strong>{{{t.synthetic}}}</strong></p>{{/synthetic}}

    <section>
    <h2>{{{t.headlineTitle}}}</h2>
    <div class="cards">
    {{#headline}}<div class="card"><div class="label">{{{label}}}</div><div class="value">{{value}}</div><div class="detail">{{{detail}}}</div></div>
    {{/headline}}
    </div>
    </section>

    {{#surveys}}
    <section id="{{anchor}}">
    <h2>{{{heading}}}</h2>
    <p>{{{intro}}}</p>
    <div class="cards">
    {{#cards}}<div class="card"><div class="label">{{{label}}}</div><div class="value">{{value}}</div><div class="detail">{{{detail}}}</div></div>
    {{/cards}}
    </div>
    {{{designGroups}}}
    <h3>{{{t.beforeAfterTitle}}}</h3>
    <div class="chart">{{{beforeAfterSVG}}}</div>
    <h3>{{{t.forestTitle}}}</h3>
    <div class="chart">{{{forestSVG}}}</div>
    <h3>{{{t.indicatorsTitle}}}</h3>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thIndicator}}}</th><th>{{{t.thPairs}}}</th><th>{{{t.thMeanPre}}}</th><th>{{{t.thMeanPost}}}</th><th>{{{t.thChange}}}</th><th>{{{thPctChange}}}</th><th>d<sub>z</sub></th><th>{{{t.thPHolm}}}</th><th>{{{t.thWilcoxonP}}}</th><th>{{{t.thImproved}}}</th><th>{{{t.thPass}}}</th></tr>
    {{#rows}}<tr{{#total}} class="total"{{/total}}><td class="l">{{{label}}}</td><td>{{n}}</td><td>{{pre}}</td><td>{{post}}</td><td class="{{cls}}">{{diff}}</td><td>{{pct}}</td><td>{{dz}}</td><td>{{p}}</td><td>{{wp}}</td><td>{{improved}}</td><td>{{pass}}</td></tr>
    {{/rows}}
    </table></div>
    {{#subgroups}}<h3>{{{heading}}}</h3>
    <p class="meta">{{{intro}}}</p>
    <div class="chart">{{{chartSVG}}}</div>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thGroup}}}</th><th>{{{t.thPairs}}}</th><th>{{{t.thMeanPre}}}</th><th>{{{t.thMeanPost}}}</th><th>{{{t.thGain}}}</th><th>{{{thCI}}}</th><th>p</th></tr>
    {{#rows}}<tr{{#small}} class="small"{{/small}}><td class="l">{{group}}{{#small}} *{{/small}}</td><td>{{n}}</td><td>{{pre}}</td><td>{{post}}</td><td class="{{cls}}">{{diff}}</td><td>{{ci}}</td><td>{{p}}</td></tr>
    {{/rows}}
    </table></div>
    {{#hasSmall}}<p class="meta">{{{t.smallGroupNote}}}</p>{{/hasSmall}}
    <p>{{{tests}}}</p>
    {{/subgroups}}
    <h3>{{{t.reliabilityTitle}}}</h3>
    <ul class="notes">
    <li>{{{alphaNote}}}</li>
    {{#attrition}}<li>{{{.}}}</li>
    {{/attrition}}
    </ul>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thIndicator}}}</th><th>{{{t.thBaselineCompleters}}}</th><th>{{{t.thBaselineDropouts}}}</th><th>{{{t.thDifference}}}</th><th>{{{t.thWelchP}}}</th></tr>
    {{#baseline}}<tr><td class="l">{{indicator}}</td><td>{{completers}}</td><td>{{dropouts}}</td><td>{{difference}}</td><td>{{p}}</td></tr>
    {{/baseline}}
    </table></div>
    {{#audit}}<h3>{{{t.auditTitle}}}</h3>
    <p>{{{designText}}}</p>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thClaim}}}</th><th>{{{t.thValue}}}</th><th>n</th><th class="l">{{{t.thRating}}}</th><th class="l">{{{t.thLoweredBy}}}</th></tr>
    {{#claims}}<tr><td class="l">{{{claim}}}</td><td>{{value}}</td><td>{{n}}</td><td class="l"><strong>{{{rating}}}</strong></td><td class="l">{{{reasons}}}</td></tr>
    {{/claims}}
    </table></div>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thOtherDefinitions}}}</th><th>{{{t.thValue}}}</th><th class="l">{{{t.thUnit}}}</th><th>{{{t.thCI}}}</th><th>n</th></tr>
    {{#definitions}}<tr><td class="l">{{{name}}}</td><td>{{value}}</td><td class="l">{{{unit}}}</td><td>{{ci}}</td><td>{{n}}</td></tr>
    {{/definitions}}
    </table></div>
    {{/audit}}
    {{#hasExclusions}}<h3>{{{t.exclusionsTitle}}}</h3><ul class="notes">{{#exclusions}}<li>{{{.}}}</li>{{/exclusions}}</ul>{{/hasExclusions}}
    {{#headlineDefinitions}}<p class="meta"><strong>{{name}}</strong>: {{{definition}}}</p>
    {{/headlineDefinitions}}
    </section>
    {{/surveys}}

    {{#reach}}
    <section id="reach">
    <h2>{{{t.reachTitle}}}</h2>
    <div class="cards">
    {{#cards}}<div class="card"><div class="label">{{{label}}}</div><div class="value">{{value}}</div><div class="detail">{{{detail}}}</div></div>
    {{/cards}}
    </div>
    <div class="chart">{{{hoursSVG}}}</div>
    <div class="chart">{{{volunteersSVG}}}</div>
    {{#beneficiariesSVG}}<div class="chart">{{{beneficiariesSVG}}}</div>{{/beneficiariesSVG}}
    <h3>{{{perGrain}}}</h3>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{grainHeader}}}</th><th>{{{t.thActive}}}</th><th>{{{t.thNew}}}</th><th>{{{t.thCumulative}}}</th><th>{{{t.thRegistered}}}</th><th>{{{t.thHours}}}</th><th>{{{t.thHoursPerVolunteer}}}</th><th>{{{t.thRecords}}}</th><th>{{{t.thTeams}}}</th><th>{{{t.thProjects}}}</th><th>{{{t.thServed}}}</th><th>{{{t.thUnique}}}</th><th>{{{t.thRetention}}}</th><th>{{{t.thHoursGrowth}}}</th></tr>
    {{#periods}}<tr{{#partial}} class="partial"{{/partial}}><td class="l">{{{period}}}</td><td>{{active}}</td><td>{{new}}</td><td>{{cumulative}}</td><td>{{registered}}</td><td>{{hours}}</td><td>{{perVolunteer}}</td><td>{{records}}</td><td>{{teams}}</td><td>{{projects}}</td><td>{{served}}</td><td>{{unique}}</td><td>{{retention}}</td><td class="{{cls}}">{{growth}}</td></tr>
    {{/periods}}
    </table></div>
    <h3>{{{t.growthSpanTitle}}}</h3>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thFigure}}}</th><th>{{{t.thFirst}}}</th><th>{{{t.thLast}}}</th><th>{{{t.thYears}}}</th><th>{{{t.thCAGR}}}</th><th>{{{thTrend}}}</th></tr>
    {{#growth}}<tr><td class="l">{{figure}}</td><td>{{first}}</td><td>{{last}}</td><td>{{years}}</td><td>{{cagr}}</td><td>{{trend}}</td></tr>
    {{/growth}}
    </table></div>
    {{#hasTop}}<h3>{{{t.topTitle}}}</h3>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thTeam}}}</th><th>{{{t.thHours}}}</th><th>{{{t.thRecords}}}</th><th>{{{t.thVolunteers}}}</th><th class="l">{{{t.thProject}}}</th><th>{{{t.thHours}}}</th><th>{{{t.thRecords}}}</th><th>{{{t.thVolunteers}}}</th></tr>
    {{#top}}<tr><td class="l">{{team}}</td><td>{{teamHours}}</td><td>{{teamRecords}}</td><td>{{teamVolunteers}}</td><td class="l">{{project}}</td><td>{{projectHours}}</td><td>{{projectRecords}}</td><td>{{projectVolunteers}}</td></tr>
    {{/top}}
    </table></div>{{/hasTop}}
    {{#groupTables}}<h3>{{{heading}}}</h3>
    <div class="table-wrap"><table>
    <tr><th class="l">{{by}}</th><th>{{{t.thActive}}}</th><th>{{{t.thNew}}}</th><th>{{{t.thHours}}}</th><th>{{{t.thMedianHours}}}</th><th>{{{t.thRetention}}}</th><th>{{{t.thHoursGrowth}}}</th></tr>
    {{#rows}}<tr><td class="l">{{group}}</td><td>{{active}}</td><td>{{new}}</td><td>{{hours}}</td><td>{{median}}</td><td>{{retention}}</td><td class="{{cls}}">{{growth}}</td></tr>
    {{/rows}}
    </table></div>
    {{/groupTables}}
    {{{volunteersHTML}}}
    <h3>{{{t.excludedRecordsTitle}}}</h3>
    <ul class="notes">{{#exclusions}}<li>{{{.}}}</li>{{/exclusions}}{{^exclusions}}<li>{{{t.none}}}</li>{{/exclusions}}</ul>
    </section>
    {{/reach}}

    <section id="methods">
    <h2>{{{t.methodsTitle}}}</h2>
    <dl class="methods">
    {{#methods}}<dt>{{term}}</dt><dd>{{{definition}}}</dd>
    {{/methods}}
    </dl>
    <h3>{{{t.inputsTitle}}}</h3>
    <div class="table-wrap"><table>
    <tr><th class="l">{{{t.thRole}}}</th><th class="l">{{{t.thFile}}}</th><th>{{{t.thRows}}}</th><th>{{{t.thBytes}}}</th><th class="l">SHA-256</th></tr>
    {{#inputs}}<tr><td class="l">{{role}}</td><td class="l">{{file}}</td><td>{{rows}}</td><td>{{bytes}}</td><td class="l"><code>{{sha}}</code></td></tr>
    {{/inputs}}
    </table></div>
    </section>
    <footer>{{{footer}}}</footer>
    </main>
    </body>
    </html>

    """#
}
