// Version 2: browsers ("Mozilla/5.0 ...") are the platform 'web', no longer 'other'.
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
  if (d.startsWith('mozilla/')) {
    return 'web';
  }
  return 'other';
}
