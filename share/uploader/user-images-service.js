// The spec's browser client, exactly as ../shared/specs/user-images-api.md
// ("Complete Frontend Implementation Example") writes it. The upload page
// (uploader.js) uses it for everything but the upload itself, which needs
// XMLHttpRequest for its progress events. Do not edit: copy the spec again.
class UserImagesService {
  constructor(token) {
    this.token = token;
    this.baseUrl = '/api/resume/';
  }

  // Get current images
  async getCurrentImages() {
    const response = await fetch(`${this.baseUrl}user-images/`, {
      headers: { 'Authorization': `Bearer ${this.token}` }
    });
    return await response.json();
  }

  // Upload profile image
  async uploadProfileImage(imageFile) {
    const formData = new FormData();
    formData.append('profile_image', imageFile);

    const response = await fetch(`${this.baseUrl}user-images/`, {
      method: 'POST',
      headers: {
        'Authorization': `Bearer ${this.token}`
      },
      body: formData
    });
    return await response.json();
  }

  // Upload cover image
  async uploadCoverImage(imageFile) {
    const formData = new FormData();
    formData.append('cover_image', imageFile);

    const response = await fetch(`${this.baseUrl}user-images/`, {
      method: 'POST',
      headers: {
        'Authorization': `Bearer ${this.token}`
      },
      body: formData
    });
    return await response.json();
  }

  // Delete profile image
  async deleteProfileImage() {
    const response = await fetch(`${this.baseUrl}user-images/?type=profile_image`, {
      method: 'DELETE',
      headers: {
        'Authorization': `Bearer ${this.token}`
      }
    });
    return await response.json();
  }

  // Delete cover image
  async deleteCoverImage() {
    const response = await fetch(`${this.baseUrl}user-images/?type=cover_image`, {
      method: 'DELETE',
      headers: {
        'Authorization': `Bearer ${this.token}`
      }
    });
    return await response.json();
  }
}
