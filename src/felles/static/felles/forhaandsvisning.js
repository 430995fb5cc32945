// Preview of chosen PDF files before they are uploaded, for file fields marked
// data-forhaandsvisning="<id of the container>". The files never leave the browser here.
document.addEventListener("change", (hendelse) => {
  const felt = hendelse.target;
  if (!(felt instanceof HTMLInputElement) || !felt.dataset.forhaandsvisning) return;
  const beholder = document.getElementById(felt.dataset.forhaandsvisning);
  if (!beholder) return;
  for (const ramme of beholder.querySelectorAll("iframe")) URL.revokeObjectURL(ramme.src);
  beholder.replaceChildren();
  for (const fil of felt.files) {
    if (fil.type !== "application/pdf") continue;
    const ramme = document.createElement("iframe");
    ramme.className = "forhaandsvisning";
    ramme.title = `Forhåndsvisning av ${fil.name}`;
    ramme.src = URL.createObjectURL(fil);
    beholder.append(ramme);
  }
});
