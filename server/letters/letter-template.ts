/**
 * The Typst source of every letter kind, laid out as ระเบียบฯ and common practice have it
 * (docs: ../shared/domain.md §2a): A4, margins 3 cm left and 2 cm right, Sarabun 16 pt,
 * Garuda 3 cm (1.5 cm on memos), parts 6 pt apart, body paragraphs indented 2.5 cm, page
 * numbers "- ๒ -" from page 2, urgency in red, secrecy in red at the top and bottom of
 * every page. Data comes only from `sys.inputs.data` (JSON): nothing people type is ever
 * Typst source.
 */
export const letterTemplate = String.raw`
#let d = json(bytes(sys.inputs.data))
#let red = rgb("#c00000")
#let digits(s) = if d.thaiDigits { s.replace(regex("[0-9]"), m => ("๐", "๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙").at(int(m.text))) } else { s }
#let months = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
#let thaidate(iso) = {
  let (y, m, day) = iso.split("-").map(int)
  digits(str(day) + " " + months.at(m - 1) + " " + str(y + 543))
}
#let beyear(iso) = digits(str(int(iso.split("-").at(0)) + 543))
#let secrecy = (normal: none, confidential: "ลับ", secret: "ลับมาก").at(d.secrecy)
#let urgency = (normal: none, urgent: "ด่วน", very_urgent: "ด่วนมาก", most_urgent: "ด่วนที่สุด").at(d.urgency)
#let mark(s) = text(fill: red, weight: "bold", size: 20pt, s)

#set document(title: d.subject)
// The letter's data (server/letters/letter-data.ts), attached to the PDF/A-3 as its data.
#if "saraban-letter.xml" in sys.inputs {
  pdf.attach("saraban-letter.xml", bytes(sys.inputs.at("saraban-letter.xml")), relationship: "data", mime-type: "application/xml",
    description: "ข้อมูลหนังสือ (letter data, urn:saraban:letter:1)")
}
#set text(font: "Sarabun", size: 16pt, lang: "th")
#set par(leading: 0.4em, spacing: 0.4em)
// Words a line must not end inside (server/shared/thai-words.ts: the dictionary, the
// agency's words and the names this letter carries), each in an unbreakable box; a word
// wider than its line breaks only between the dictionary words inside it.
#let keep = d.at("keep", default: (pattern: "\u{0}", parts: (:)))
#let measuring = d.at("measure", default: none)
#let whole(s) = box(keep.parts.at(s, default: ((s, true),)).map(((p, k)) => if k { box(p) } else { p }).join())
#let whole-cued(s) = { let cs = s.clusters(); box[#cs.first()#metadata(s)<cue>#cs.slice(1).join()] }
// Measuring marks each word just after its first character and just before its last (inside its box when kept).
#let marked(s) = {
  let cs = s.clusters()
  if cs.len() < 3 { return s }
  [#cs.first()#metadata(s)<keep-a>#cs.slice(1, -1).join()#metadata(none)<keep-b>#cs.last()]
}
#show regex(keep.pattern): it => if measuring == none { whole(it.text) } else if measuring == "plain" { it } else if measuring == "before" { marked(it.text) } else { box(marked(it.text)) }
// Nor is a year from its era (พ.ศ. ๒๕๒๖).
#show regex("(พ\\.ศ\\.|ค\\.ศ\\.) [0-9๐-๙]+"): it => box(it)
// The first words of parts are marked: a page's continuation cue names the next page's first word.
#let cue(w) = [#metadata(w)<cue>]
#set page(
  paper: "a4",
  // 2.5 cm at the top of later pages, under their number; page 1 starts 1 cm higher (below).
  margin: (left: 3cm, right: 2cm, top: 2.5cm, bottom: 2cm),
  header: context {
    let n = counter(page).get().first()
    // On page 1 (whose text starts 1 cm higher) the mark moves up with it, clear of the Garuda.
    if secrecy != none { align(center, move(dy: if n == 1 { -1cm } else { 0cm }, mark(secrecy))) }
    if n > 1 { align(center, text(size: 16pt, "- " + digits(str(n)) + " -")) }
  },
  header-ascent: 0.5cm,
  // Every page but the last ends with a continuation cue, "…/" and the next page's first word, at the right.
  footer: context {
    let n = counter(page).get().first()
    let next = query(<cue>).filter(m => m.location().page() == n + 1)
    if next.len() > 0 { place(top + right, dy: -0.2em, text(size: 16pt, "…/" + next.first().value)) }
    if secrecy != none { align(center, mark(secrecy)) }
  },
)

// Parts are 6 pt apart (one line plus 6 pt in the paper manuals).
#let part(body, first: none) = block(above: 6pt + 0.4em, below: 0pt, if first != none { cue(first) + body } else { body })
#let labelled(label, value) = part(first: label, grid(columns: (auto, 1fr), column-gutter: 0.6em, label, value))
#let listed(label, items) = if items.len() == 1 { labelled(label, items.at(0)) } else if items.len() > 1 {
  labelled(label, stack(spacing: 0.45em, ..items.enumerate().map(((i, it)) => digits(str(i + 1)) + ". " + it)))
}
// Ragged right: justifying Thai stretches only its few spaces, which leaves holes mid-sentence.
// A paragraph comes as the pieces a line may break between (server/shared/thai-words.ts
// linePieces: ICU's words, never splitting a dictionary word). Each is marked for the cue
// after its first character (a mark before it would stay at the end of the line before); a
// piece that is a dictionary word is its own box, with its mark inside.
#let cued(w) = { let cs = w.clusters(); [#cs.first()#cue(w)#cs.slice(1).join()] }
#let piece(w) = if w.trim() == "" { w } else if measuring == none and w in keep.parts { whole-cued(w) } else { cued(w) }
#let paragraphs(ps) = for p in ps {
  part(par(first-line-indent: (amount: 2.5cm, all: true), justify: false, p.map(piece).join()))
}
#let signature(closing: none, space: 2.6em) = part(first: if closing != none and closing != "" { closing } else { "(" + d.signer.name + ")" }, pad(left: 5.5cm, block(width: 8cm, align(center)[
  #if closing != none and closing != "" [#closing \ ]
  #v(space)
  (#d.signer.name) \
  #d.signer.position
])))
// The seal's agency name: one line if it fits the circle, else a line per word of it (never cut
// inside a word), small enough for its widest line to fit.
#let seal-name = context {
  let n = d.agency.nameTh
  let lines = if measure(text(size: 11pt, n)).width <= 2.5cm { (n,) } else {
    keep.parts.at(n, default: ((n, true),)).map(((p, k)) => p.trim()).filter(p => p != "")
  }
  let widest = calc.max(..lines.map(l => measure(text(size: 11pt, l)).width))
  let size = calc.max(6pt, 11pt * calc.min(1, 2.5cm / widest))
  text(fill: red, size: size, stack(spacing: 0.35em, ..lines.map(l => box(l))))
}
#let garuda(h) = image("/assets/garuda.svg", height: h)
#let centred-title(..lines) = align(center, stack(spacing: 0.5em, ..lines.pos().map(l => text(weight: "bold", l))))
#let rule = align(center, block(above: 0.6em, below: 0.6em, line(length: 3.5cm, stroke: 0.6pt)))
#let urgency-mark = if urgency != none { place(top + left, dy: 0.4cm, text(fill: red, weight: "bold", size: 28pt, urgency)) }

// Page 1 starts 1.5 cm from the top edge (the Garuda's place).
#v(-1cm)
#if d.kind == "external" or d.kind == "stamped" or d.kind == "certificate" [
  #urgency-mark
  #align(center, garuda(3cm))
  #v(0.2cm)
  // The agency's block is as wide as its name (kept on one line where it fits), at least 6.5 cm.
  #context grid(columns: (1fr, calc.min(9cm, calc.max(6.5cm, measure(d.agency.nameTh).width + 2pt))),
    if d.documentNumber != "" [ที่ #digits(d.documentNumber)] else [ที่],
    [#d.agency.nameTh \ #digits(d.agency.address)])
  #if d.kind == "external" [
    #part(pad(left: 7.5cm, thaidate(d.date)))
    #labelled("เรื่อง", d.subject)
    #labelled(d.salutation, d.addressee)
    #listed("อ้างถึง", d.references)
    #listed("สิ่งที่ส่งมาด้วย", d.enclosures)
    #paragraphs(d.body)
    #signature(closing: d.closing)
  ] else if d.kind == "stamped" [
    #labelled("ถึง", d.addressee)
    #paragraphs(d.body)
    #part(pad(left: 5.5cm, block(width: 8cm, align(center)[
      #d.agency.nameTh
      #v(0.3cm)
      #box(width: 3.2cm, height: 3.2cm, stroke: 1.2pt + red, radius: 50%, inset: 0.3cm,
        align(center + horizon, seal-name))
      #v(0.2cm)
      #d.signer.name
    ])))
    #part(pad(left: 7.5cm, thaidate(d.date)))
  ] else [
    #part(align(center, text(weight: "bold", size: 20pt, "หนังสือรับรอง")))
    #paragraphs(d.body)
    #part(pad(left: 7.5cm, "ให้ไว้ ณ วันที่ " + thaidate(d.date)))
    #signature()
  ]
  // The owner unit and its contact lines stay together on one page.
  #if d.ownerUnit != "" or d.phone != "" or d.email != "" [
    #v(1.2em)
    #block(above: 0pt, breakable: false)[
      #if d.ownerUnit != "" [#cue(d.ownerUnit)#d.ownerUnit \ ]
      #if d.phone != "" [#cue("โทร.")โทร. #digits(d.phone) \ ]
      #if d.fax != "" [#cue("โทรสาร")โทรสาร #digits(d.fax) \ ]
      #if d.email != "" [#cue("ไปรษณีย์อิเล็กทรอนิกส์")ไปรษณีย์อิเล็กทรอนิกส์ #d.email]
    ]
  ]
  #if d.copies.len() > 0 [ #labelled("สำเนาส่ง", d.copies.join(", ")) ]
] else if d.kind == "memo" [
  // Urgency in red between the Garuda and the heading, on one line; the heading centred on the page (the columns either side of it equal).
  #grid(columns: (1.5cm, 1fr, auto, 1fr, 1.5cm), align: (left, left + horizon, center + horizon, right, right),
    garuda(1.5cm), if urgency != none { text(fill: red, weight: "bold", size: 22pt, urgency) }, text(weight: "bold", size: 29pt, "บันทึกข้อความ"), [], [])
  #let field(label, value) = grid(columns: (auto, 1fr), column-gutter: 0.4em, align: top,
    text(weight: "bold", size: 20pt, label),
    block(width: 100%, stroke: (bottom: (thickness: 0.5pt, dash: "dotted")), inset: (top: 4pt, bottom: 2pt), value))
  #v(0.2cm)
  #field("ส่วนราชการ", [#d.agency.nameTh #if d.phone != "" [#box[โทร. #digits(d.phone)]]])
  #grid(columns: (1fr, 1fr), column-gutter: 0.6em,
    field("ที่", digits(d.documentNumber)), field("วันที่", thaidate(d.date)))
  #field("เรื่อง", d.subject)
  #labelled(d.salutation, d.addressee)
  #paragraphs(d.body)
  #signature()
] else if d.kind == "minutes" [
  #centred-title("รายงานการประชุม" + d.subject,
    if d.extra.at("issue", default: "") != "" { "ครั้งที่ " + digits(d.extra.issue) },
    "เมื่อวันที่ " + thaidate(d.date),
    if d.extra.at("place", default: "") != "" { "ณ " + d.extra.place })
  #rule
  #let people(label, list) = if list.len() > 0 {
    part(text(weight: "bold", label))
    for (i, p) in list.enumerate() { block(above: 0.45em, below: 0pt, pad(left: 1cm, digits(str(i + 1)) + ". " + p)) }
  }
  #people("ผู้มาประชุม", d.extra.at("present", default: ()))
  #people("ผู้ไม่มาประชุม", d.extra.at("absent", default: ()))
  #people("ผู้เข้าร่วมประชุม", d.extra.at("attending", default: ()))
  #if d.extra.at("opened", default: "") != "" { part("เริ่มประชุมเวลา " + digits(d.extra.opened) + " น.") }
  #paragraphs(d.body)
  #if d.extra.at("closed", default: "") != "" { part("เลิกประชุมเวลา " + digits(d.extra.closed) + " น.") }
  #part(pad(left: 7.5cm, align(center)[#v(2em) #d.extra.at("recorder", default: d.signer.name) \ ผู้จดรายงานการประชุม]))
] else if d.kind == "note" [
  #part(align(center, text(weight: "bold", size: 20pt, "บันทึก")))
  #labelled(d.salutation, d.addressee)
  #paragraphs(d.body)
  #signature()
  #part(pad(left: 7.5cm, thaidate(d.date)))
] else [
  // Directives and public-relations letters: centred headings under the Garuda.
  #align(center, garuda(3cm))
  #v(0.3cm)
  #let word = (order: "คำสั่ง", regulation: "ระเบียบ", bylaw: "ข้อบังคับ", announcement: "ประกาศ", statement: "แถลงการณ์", news: "ข่าว").at(d.kind)
  #centred-title(word + d.agency.nameTh,
    ..if d.kind == "order" and d.documentNumber != "" { ("ที่ " + digits(d.documentNumber),) } else { () },
    ..if d.kind == "regulation" or d.kind == "bylaw" { ("ว่าด้วย" + d.subject, "พ.ศ. " + beyear(d.date)) } else { ("เรื่อง " + d.subject,) },
    ..if (d.kind == "statement" or d.kind == "news") and d.extra.at("issue", default: "") != "" { ("ฉบับที่ " + digits(d.extra.issue),) } else { () })
  #rule
  #paragraphs(d.body)
  #if d.kind == "statement" or d.kind == "news" [
    #part(pad(left: 7.5cm, align(center)[#d.agency.nameTh \ #thaidate(d.date)]))
  ] else [
    #part(pad(left: 2.5cm, (order: "สั่ง", regulation: "ประกาศ", bylaw: "ประกาศ", announcement: "ประกาศ").at(d.kind) + " ณ วันที่ " + thaidate(d.date)))
    #signature(space: 2.2em)
  ]
]
// A signed letter: the QR of its public verification page in the bottom margin of the
// last page, at the right (clear of the secrecy mark in the centre): it never adds a page.
#if "signed" in d [
  #place(bottom + right, dy: 1.75cm, box(height: 1.55cm, grid(columns: (auto, 1.55cm), column-gutter: 0.25cm, align: horizon + right,
    // The text's own edges (a box of a kept word sits on the baseline with them: the words and digits share one line).
    { set text(size: 9pt); set par(leading: 0.5em); [ลงนามอิเล็กทรอนิกส์โดย #d.signer.name \
      #thaidate(d.signed.date) เวลา #digits(d.signed.time) น. \
      ตรวจสอบหนังสือ: #text(size: 8pt, d.signed.url)] },
    image(bytes(d.signed.qr), format: "svg", width: 1.55cm))))
]
// Measuring (server/letters/render-letter.ts splitWords): where each kept word starts and ends.
#if measuring != none [#context [#metadata(query(<keep-a>).zip(query(<keep-b>)).map(((a, b)) => {
  let p = a.location().position()
  let q = b.location().position()
  (p.page, p.y.pt(), q.page, q.y.pt(), a.value)
}))<keep-positions>]]
`;
