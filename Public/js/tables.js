// On a phone a table reads as a list (see passerelle.css): each cell is given its column's name,
// which the list shows before the value. Without JavaScript the list shows the values alone.
document.querySelectorAll("table.table").forEach((table) => {
  const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  if (headers.length === 0) return;
  table.querySelectorAll("tbody tr").forEach((row) => {
    [...row.children].forEach((cell, index) => {
      if (headers[index] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", headers[index]);
    });
  });
});
