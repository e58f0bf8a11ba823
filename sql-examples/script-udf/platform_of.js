// The platform a play came from, named from the device string the player reports: a handful of values for
// dashboards to group by instead of thousands of model names.
function platform_of(device) {
  if (device === null) {
    return null;
  }
  const d = device.toLowerCase();
  if (d.startsWith('iphone') || d.startsWith('ipad')) {
    return 'ios';
  }
  if (d.startsWith('sm-') || d.includes('android')) {
    return 'android';
  }
  if (d.startsWith('roku') || d.includes('tizen') || d.includes('webos')) {
    return 'tv';
  }
  return 'other';
}
