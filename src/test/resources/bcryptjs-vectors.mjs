// Regenerates bcryptjs-vectors.json: npm install bcryptjs@3 && node bcryptjs-vectors.mjs > bcryptjs-vectors.json
import bcrypt from "bcryptjs";
const pw72 = "A".repeat(30) + "b".repeat(30) + "0123456789!?";  // 72 ASCII bytes
const pw100 = Array.from({length: 100}, (_, i) => "abcdefghijklmnopqrstuvwxyz0123456789"[i % 36]).join("");
const passwords = [
  ["ascii", "correct horse battery staple"],
  ["unicode", "pässwörd-日本語-ok"],
  ["exactly-72-bytes", pw72],
  ["100-ascii-chars", pw100],
];
const vectors = [];
for (const [label, password] of passwords) {
  for (const minor of ["b", "a"]) {
    const salt = "$2" + minor + "$" + bcrypt.genSaltSync(10).slice(4);  // bcryptjs 3 emits $2b$; the $2a$ salt is the same with minor a (bcryptjs 2.x default)
    const hash = bcrypt.hashSync(password, salt);
    if (!bcrypt.compareSync(password, hash)) throw new Error("self-check failed");
    vectors.push({label, variant: "$2" + minor + "$", bytes: Buffer.byteLength(password, "utf8"), password, hash});
  }
}
const version = JSON.parse((await import("fs")).readFileSync("node_modules/bcryptjs/package.json", "utf8")).version;
console.log(JSON.stringify({
  note: `Generated with bcryptjs ${version} (npm bcryptjs@3) at cost 10 via hashSync; $2b$ salts from genSaltSync(10), $2a$ salts are genSaltSync(10) with the minor version set to a (as bcryptjs 2.x produced). `
    + "bcryptjs truncates passwords to their first 72 UTF-8 bytes.",
  vectors}, null, 2));
