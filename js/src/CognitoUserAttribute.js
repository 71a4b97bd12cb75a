// `CognitoUserAttribute`: a `{Name, Value}` pair with chaining setters. A falsy name or
// value reads as `''`, as in the reference; `JSON.stringify` gives `{"Name":..,"Value":..}`.
export class CognitoUserAttribute {
  constructor({ Name, Value } = {}) {
    this.Name = Name || '';
    this.Value = Value || '';
  }

  getValue() {
    return this.Value;
  }

  /** Sets the value; returns this attribute. */
  setValue(value) {
    this.Value = value;
    return this;
  }

  getName() {
    return this.Name;
  }

  /** Sets the name; returns this attribute. */
  setName(name) {
    this.Name = name;
    return this;
  }

  toString() {
    return JSON.stringify(this);
  }

  toJSON() {
    return { Name: this.Name, Value: this.Value };
  }
}

export default CognitoUserAttribute;
