// Maps of the results page and of a profile, drawn from data already in the page (the list of
// results, or the profile's coordinates). The page is complete without them.
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || typeof L === "undefined") return;
  var points = [];
  if (element.hasAttribute("data-lat")) {
    points.push({ lat: parseFloat(element.getAttribute("data-lat")), lon: parseFloat(element.getAttribute("data-lon")), name: element.getAttribute("data-name") });
  } else {
    document.querySelectorAll(".result[data-lat]").forEach(function (item) {
      var lat = parseFloat(item.getAttribute("data-lat")), lon = parseFloat(item.getAttribute("data-lon"));
      if (!isNaN(lat) && !isNaN(lon)) points.push({ lat: lat, lon: lon, name: item.getAttribute("data-name"), href: item.getAttribute("data-href") });
    });
  }
  if (points.length === 0) return;
  element.hidden = false;
  var note = document.querySelector(".map-note");
  if (note) note.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false });
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
  }
  var markers = points.map(function (point) {
    var marker = L.circleMarker([point.lat, point.lon], { radius: 7, color: "#084466", weight: 2, fillColor: "#0b5c8a", fillOpacity: 0.85 });
    var popup = document.createElement("div");
    if (point.href) {
      var link = document.createElement("a");
      link.href = point.href;
      link.textContent = point.name;
      popup.appendChild(link);
    } else {
      popup.textContent = point.name;
    }
    marker.bindPopup(popup);
    return marker.addTo(map);
  });
  var group = L.featureGroup(markers);
  map.fitBounds(group.getBounds().pad(0.2), { maxZoom: 12 });
})();
